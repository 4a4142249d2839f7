#pragma once
// Mustache templates, HTML-escaped by default. Templates live in
// src/features/<feature>/templates/<name>.mustache (named "<feature>/<name>") and
// src/view/templates/ ("layout", partials/*). {{> partial}} and {{#t}}key{{/t}} are resolved
// once per locale when a template is first used; the template is then compiled once and
// shared by every thread (view/template.hpp, decision note 0038).
#include "view/data.hpp"

#include <string>
#include <string_view>

namespace cityskills::view {

// Renders a template in a locale. Throws std::runtime_error for an unknown or broken template.
std::string render(std::string_view locale, std::string_view name, const Data& data);
// Renders template text that is not a named template (tests, tooling). Throws
// std::runtime_error when the text is not a valid template.
std::string render_text(std::string_view source, const Data& data);
// The template text after partial inlining and translation (for tests and tooling).
std::string expanded_source(std::string_view locale, std::string_view name);
// True when the expanded template mentions {{var}} (cached).
bool uses_variable(std::string_view locale, std::string_view name, std::string_view var);
// Every translation key used by any template.
std::vector<std::string> translation_keys_in_templates();

}  // namespace cityskills::view
