// Markdown rendering (view::render_markdown) of texts up to the 64 KiB the forms accept:
// rendered within a time budget, and the HTML holds only the elements and attributes the
// renderer means to write, with safe URLs only.
#include <time.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "common.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"

using namespace cityskills;

namespace {

constexpr auto kBudget = std::chrono::milliseconds(2000);

// The CPU time this thread has used: the budget is for the renderer's work, not for the time a
// loaded machine (or `nice 19`) keeps the fuzzer waiting, which once made a 129-byte text that
// renders in 1 ms look like it took two seconds.
std::chrono::nanoseconds cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

const std::set<std::string_view> kTags = {"p", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "code", "pre",
                                          "a", "img", "blockquote", "ul", "ol", "li", "hr", "br", "table", "thead",
                                          "tbody", "tr", "th", "td"};
const std::set<std::string_view> kAttributes = {"href", "rel", "src", "alt", "loading", "start", "class", "scope"};

bool safe_url(std::string_view url) {
  auto lower = util::to_lower(url);
  if (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") ||
      lower.starts_with("#"))
    return true;
  return lower.starts_with("/") && !lower.starts_with("//") && !lower.starts_with("/\\");
}

// Every tag is one of kTags with attributes of kAttributes in double quotes, no '<' or '"'
// inside a value, and every href and src a safe URL.
void check_html(std::string_view html) {
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    auto close = html.find('>', i);
    fuzz::require(close != std::string_view::npos, "tag is closed");
    auto tag = html.substr(i + 1, close - i - 1);
    if (tag.starts_with("/")) tag.remove_prefix(1);
    auto name_end = tag.find(' ');
    auto name = tag.substr(0, name_end);
    fuzz::require(kTags.contains(name), "only known elements");
    auto rest = name_end == std::string_view::npos ? std::string_view{} : tag.substr(name_end);
    while (!rest.empty()) {
      fuzz::require(rest.front() == ' ', "attributes separated by a space");
      rest.remove_prefix(1);
      auto eq = rest.find("=\"");
      fuzz::require(eq != std::string_view::npos, "attribute has a quoted value");
      auto attr = rest.substr(0, eq);
      fuzz::require(kAttributes.contains(attr), "only known attributes");
      auto end = rest.find('"', eq + 2);
      fuzz::require(end != std::string_view::npos, "attribute value is closed");
      auto value = rest.substr(eq + 2, end - eq - 2);
      fuzz::require(value.find('<') == std::string_view::npos, "no '<' in an attribute");
      if (attr == "href" || attr == "src") {
        // Values are HTML-escaped; the URL itself has only &amp; and friends.
        fuzz::require(safe_url(value), "href and src are safe URLs");
        for (unsigned char c : value) fuzz::require(c >= 0x20 && c != 0x7f, "no control bytes in a URL");
      }
      rest.remove_prefix(end + 1);
    }
    i = close + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > view::kMarkdownMax) return 0;  // the forms refuse longer texts (web::check_markdown)
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto started = cpu_now();
  auto r = view::render_markdown(input);
  auto took = cpu_now() - started;
  if (took > kBudget)
    fuzz::fail("rendering took " +
               std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) + " ms");
  fuzz::require(util::valid_utf8(r.html), "HTML is UTF-8");
  check_html(r.html);
  auto plain = view::markdown_plain_text(input, 200);
  fuzz::require(util::valid_utf8(plain), "plain text is UTF-8");
  fuzz::require(util::utf8_length(plain) <= 201, "plain text is cut at 200 characters and an ellipsis");
  return 0;
}
