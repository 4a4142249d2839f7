#include "web/validate.hpp"

#include "web/secure_url.hpp"

#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"

namespace cityskills::web {
namespace {

// Decodes one code point at s[i] (valid UTF-8 assumed) and advances i.
std::uint32_t next_cp(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
  i += static_cast<std::size_t>(len);
  return cp;
}

bool invisible(std::uint32_t cp) {
  return cp == 0x20 || cp == 0xA0 || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
         cp == 0xFEFF || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x180E || cp == 0x00AD;
}

}  // namespace

std::optional<std::string> check_email(std::string_view e) {
  if (e.empty()) return "validation.email.required";
  if (e.size() > 254) return "validation.email.too_long";
  for (unsigned char c : e)
    if (c < 0x21 || c == 0x7f) return "validation.email.invalid";
  auto at = e.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= e.size()) return "validation.email.invalid";
  auto local = e.substr(0, at), domain = e.substr(at + 1);
  if (local.size() > 64 || e.find('@') != at) return "validation.email.invalid";
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return "validation.email.invalid";
  for (char c : domain)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return "validation.email.invalid";
  for (char c : local)
    if (c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '\\' || c == '"' ||
        c == '[' || c == ']')
      return "validation.email.invalid";
  return std::nullopt;
}

std::optional<std::string> check_name(std::string_view name, std::size_t max) {
  if (!util::valid_utf8(name)) return "validation.text.invalid";
  bool visible = false;
  for (std::size_t i = 0; i < name.size();) {
    std::uint32_t cp = next_cp(name, i);
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xA0)) return "validation.text.control";
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F)
      return "validation.text.bidi";
    if (!invisible(cp)) visible = true;
  }
  if (!visible) return "validation.text.required";
  if (util::utf8_length(name) > max) return "validation.text.too_long";
  return std::nullopt;
}

bool is_http_url(std::string_view u) {
  if (u.size() > 500) return false;
  auto lower = util::to_lower(u);
  std::size_t start = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  if (start == 0) return false;
  for (unsigned char c : u)
    if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c >= 0x7f) return false;
  auto host_end = u.find_first_of("/?#", start);
  auto host = u.substr(start, host_end == std::string_view::npos ? std::string_view::npos : host_end - start);
  return !host.empty() && host.find('@') == std::string_view::npos && host.front() != '.' && host.front() != ':';
}

bool is_secure_or_loopback_url(std::string_view url) {
  if (!is_http_url(url)) return false;
  auto lower = util::to_lower(url);
  if (lower.starts_with("https://")) return true;
  for (std::string_view host : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
    if (lower.starts_with(host)) {
      auto rest = std::string_view(lower).substr(host.size());
      return rest.empty() || rest.front() == ':' || rest.front() == '/';
    }
  return false;
}

std::string safe_next(std::string_view next) {
  if (next.empty() || next[0] != '/' || next.size() > 2000) return "";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "";
  for (unsigned char c : next)
    if (c < 0x21 || c == '\\' || c == 0x7f) return "";
  return std::string(next);
}

bool check_text(FormErrors& errors, const std::string& field, std::string_view text, std::size_t max,
                const std::string& too_long_key, bool required) {
  if (!util::valid_utf8(text) || text.find('\0') != std::string_view::npos) {
    errors.add(field, "validation.text.invalid");
    return false;
  }
  if (required && util::trim(text).empty()) {
    errors.add(field, "validation.text.required");
    return false;
  }
  if (auto length = util::utf8_length(text); length > max) {
    errors.add(field, too_long_key, {{"max", std::to_string(max)}, {"length", std::to_string(length)}});
    return false;
  }
  return true;
}

void check_markdown(FormErrors& errors, const std::string& field, std::string_view text, std::size_t max,
                    const std::string& too_long_key, bool required) {
  if (check_text(errors, field, text, max, too_long_key, required) && view::render_markdown(text).too_deep)
    errors.add(field, "news.validation.too_deep");
}

}  // namespace cityskills::web
