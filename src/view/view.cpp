#include "view/view.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "i18n/i18n.hpp"
#include "util/embedded.hpp"
#include "util/strings.hpp"
#include "view/template.hpp"

namespace cityskills::view {
namespace {

const std::regex kTranslate(R"(\{\{#t\}\}([A-Za-z0-9_.\-]+)\{\{/t\}\})");
const std::regex kPartial(R"(\{\{>\s*([A-Za-z0-9_/\-]+)\s*\}\})");

std::string template_path(std::string_view name) {
  auto slash = name.find('/');
  if (name.starts_with("partials/") || slash == std::string_view::npos)
    return "src/view/templates/" + std::string(name) + ".mustache";
  return "src/features/" + std::string(name.substr(0, slash)) + "/templates/" +
         std::string(name.substr(slash + 1)) + ".mustache";
}

std::string raw_source(std::string_view name) {
  auto data = embedded::find(template_path(name));
  if (!data) throw std::runtime_error("unknown template: " + std::string(name));
  return std::string(*data);
}

std::string inline_partials(std::string src, int depth) {
  if (depth > 8) throw std::runtime_error("partials nested too deeply");
  std::string out;
  std::smatch m;
  auto begin = src.cbegin();
  while (std::regex_search(begin, src.cend(), m, kPartial)) {
    out.append(begin, m[0].first);
    out += inline_partials(raw_source("partials/" + m[1].str()), depth + 1);
    begin = m[0].second;
  }
  out.append(begin, src.cend());
  return out;
}

std::string translate(const std::string& src, std::string_view locale) {
  std::string out;
  std::smatch m;
  auto begin = src.cbegin();
  while (std::regex_search(begin, src.cend(), m, kTranslate)) {
    out.append(begin, m[0].first);
    out += util::html_escape(i18n::t(locale, m[1].str()));
    begin = m[0].second;
  }
  out.append(begin, src.cend());
  return out;
}

std::mutex g_mu;
std::unordered_map<std::string, std::string> g_expanded;  // "locale|name" -> source

}  // namespace

std::string expanded_source(std::string_view locale, std::string_view name) {
  std::string key = std::string(locale) + "|" + std::string(name);
  std::lock_guard lock(g_mu);
  auto it = g_expanded.find(key);
  if (it != g_expanded.end()) return it->second;
  std::string src = translate(inline_partials(raw_source(name), 0), locale);
  g_expanded.emplace(key, src);
  return src;
}

namespace {

const Template& compiled(std::string_view locale, std::string_view name) {
  // Each thread finds a template in its own map without a lock; the compiled templates are
  // shared (they are never changed once made).
  thread_local std::unordered_map<std::string, const Template*> mine;
  std::string key = std::string(locale) + "|" + std::string(name);
  if (auto it = mine.find(key); it != mine.end()) return *it->second;
  static std::mutex mu;
  static std::unordered_map<std::string, std::unique_ptr<const Template>> all;
  std::string source = expanded_source(locale, name);
  std::lock_guard lock(mu);
  auto it = all.find(key);
  if (it == all.end()) {
    try {
      it = all.emplace(key, std::make_unique<const Template>(source)).first;
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("template " + std::string(name) + ": " + e.what());
    }
  }
  mine.emplace(key, it->second.get());
  return *it->second;
}

}  // namespace

std::string render(std::string_view locale, std::string_view name, const Data& data) {
  return compiled(locale, name).render(data);
}

std::string render_text(std::string_view source, const Data& data) { return Template(source).render(data); }

bool uses_variable(std::string_view locale, std::string_view name, std::string_view var) {
  thread_local std::unordered_map<std::string, bool> cache;
  std::string key = std::string(locale) + "|" + std::string(name) + "|" + std::string(var);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  bool used = expanded_source(locale, name).find("{{" + std::string(var) + "}}") != std::string::npos;
  cache.emplace(key, used);
  return used;
}

std::vector<std::string> translation_keys_in_templates() {
  std::set<std::string> keys;
  for (const auto& f : embedded::list("src/", ".mustache")) {
    std::string src(f.data);
    for (std::sregex_iterator i(src.begin(), src.end(), kTranslate), e; i != e; ++i) keys.insert((*i)[1].str());
  }
  return {keys.begin(), keys.end()};
}

}  // namespace cityskills::view
