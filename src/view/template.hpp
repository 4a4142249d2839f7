#pragma once
// A Mustache template compiled once into a tree of nodes, rendered straight into one string.
// What it does is what the templates need, with the same output as the kainjow library the
// project used before (decision note 0038; tests/unit/template_test.cpp compares the two on
// every template): {{name}} (HTML-escaped: & < > " '), {{{name}}} and {{&name}} (as is),
// {{#name}}…{{/name}} (rendered once for a true flag, a text or an object, which becomes the
// innermost context, and once per item for a non-empty list; skipped for a missing name, a
// false flag or an empty list), {{^name}}…{{/name}} (the reverse), {{.}} (the innermost
// context), a.b names, and {{! comments}}. A line that rendered a section and is left with
// only spaces and tabs is dropped with its line break. Partials and {{#t}} translations are
// inlined before compiling (view.cpp); a {{> name}} left over renders nothing, and a custom
// delimiter ({{=…=}}) is refused.
#include <string>
#include <string_view>
#include <vector>

#include "view/data.hpp"

namespace cityskills::view {

class Template {
 public:
  // Throws std::runtime_error naming the place for an unclosed tag or section, an end
  // without its start, or a custom delimiter.
  explicit Template(std::string_view source);
  void render(const Data& data, std::string& out) const;
  std::string render(const Data& data) const;

  struct Node {
    enum class Type : unsigned char { kText, kNewline, kVariable, kRaw, kSection, kInverted };
    Type type = Type::kText;
    std::string text;               // the text, the line break, or the name
    std::vector<std::string> path;  // a dotted name's parts (empty for a plain name)
    std::vector<Node> children;     // a section's content
  };

 private:
  std::vector<Node> nodes_;
  std::size_t size_hint_ = 0;
};

}  // namespace cityskills::view
