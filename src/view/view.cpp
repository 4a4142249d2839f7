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

std::string render(std::string_view locale, std::string_view name, const Data& data) {
  thread_local std::unordered_map<std::string, std::unique_ptr<kainjow::mustache::mustache>> cache;
  std::string key = std::string(locale) + "|" + std::string(name);
  auto it = cache.find(key);
  if (it == cache.end()) {
    auto tmpl = std::make_unique<kainjow::mustache::mustache>(expanded_source(locale, name));
    if (!tmpl->is_valid()) throw std::runtime_error("template " + std::string(name) + ": " + tmpl->error_message());
    it = cache.emplace(key, std::move(tmpl)).first;
  }
  std::string out = it->second->render(data);
  if (!it->second->is_valid()) throw std::runtime_error("template " + std::string(name) + ": " + it->second->error_message());
  return out;
}

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
