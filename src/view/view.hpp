#pragma once
// Mustache templates (kainjow), HTML-escaped by default. Templates live in
// src/features/<feature>/templates/<name>.mustache (named "<feature>/<name>") and
// src/view/templates/ ("layout", partials/*). {{> partial}} and {{#t}}key{{/t}} are resolved
// once per locale when a template is first used; each thread keeps its own parsed copy.
#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

namespace cityskills::view {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;
using Object = kainjow::mustache::object;

// Renders a template in a locale. Throws std::runtime_error for an unknown or broken template.
std::string render(std::string_view locale, std::string_view name, const Data& data);
// The template text after partial inlining and translation (for tests and tooling).
std::string expanded_source(std::string_view locale, std::string_view name);
// True when the expanded template mentions {{var}} (cached).
bool uses_variable(std::string_view locale, std::string_view name, std::string_view var);
// Every translation key used by any template.
std::vector<std::string> translation_keys_in_templates();

}  // namespace cityskills::view
