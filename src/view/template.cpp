#include "view/template.hpp"

#include <stdexcept>

namespace cityskills::view {
namespace {

using Node = Template::Node;
using Type = Node::Type;

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> dotted(const std::string& name) {
  std::vector<std::string> parts;
  if (name == "." || name.find('.') == std::string::npos) return parts;
  std::size_t from = 0;
  for (auto dot = name.find('.'); dot != std::string::npos; dot = name.find('.', from)) {
    parts.push_back(name.substr(from, dot - from));
    from = dot + 1;
  }
  if (from < name.size()) parts.push_back(name.substr(from));  // "a." is "a", as before
  return parts;
}

[[noreturn]] void refuse(const std::string& what, std::size_t at) {
  throw std::runtime_error(what + " at " + std::to_string(at));
}

void escape_into(std::string& out, const std::string& s) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char* with = nullptr;
    switch (s[i]) {
      case '&': with = "&amp;"; break;
      case '<': with = "&lt;"; break;
      case '>': with = "&gt;"; break;
      case '"': with = "&quot;"; break;
      case '\'': with = "&apos;"; break;
      default: continue;
    }
    out.append(s, from, i - from);
    out.append(with);
    from = i + 1;
  }
  out.append(s, from, std::string::npos);
}

struct Renderer {
  std::string& out;
  std::size_t line_start;
  bool section_on_line = false;  // the line being written rendered a section
  std::vector<const Data*> stack;

  const Data* lookup(const Node& n) const {
    if (n.text == ".") return stack.back();
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      if (n.path.empty()) {
        if (const Data* v = (*it)->find(n.text)) return v;
        continue;
      }
      const Data* v = *it;
      for (const auto& part : n.path)
        if (!(v = v->find(part))) break;
      if (v) return v;
    }
    return nullptr;
  }

  // The end of a line: a line that rendered a section and kept only spaces and tabs goes.
  void end_line(const std::string* line_break) {
    bool blank = section_on_line && out.find_first_not_of(" \t", line_start) == std::string::npos;
    if (blank) out.resize(line_start);
    else if (line_break) out += *line_break;
    line_start = out.size();
    section_on_line = false;
  }

  void section(const Node& n, const Data* context) {
    section_on_line = true;
    if (context) stack.push_back(context);
    walk(n.children);
    if (context) stack.pop_back();
    section_on_line = true;
  }

  void walk(const std::vector<Node>& nodes) {
    for (const auto& n : nodes) {
      switch (n.type) {
        case Type::kText: out += n.text; break;
        case Type::kNewline: end_line(&n.text); break;
        case Type::kVariable:
        case Type::kRaw:
          if (const Data* v = lookup(n); v && v->kind() == Data::Kind::kText) {
            if (n.type == Type::kRaw) out += v->text();
            else escape_into(out, v->text());
          }
          break;
        case Type::kSection: {
          const Data* v = lookup(n);
          if (!v || v->kind() == Data::Kind::kFalse) break;
          if (v->kind() == Data::Kind::kList) {
            for (const auto& item : v->items()) section(n, &item);
          } else {
            section(n, v);
          }
          break;
        }
        case Type::kInverted: {
          const Data* v = lookup(n);
          if (!v || v->kind() == Data::Kind::kFalse || (v->kind() == Data::Kind::kList && v->items().empty()))
            section(n, v);
          break;
        }
      }
    }
  }
};

}  // namespace

Template::Template(std::string_view in) : size_hint_(in.size()) {
  std::vector<std::vector<Node>*> open{&nodes_};
  std::vector<std::pair<std::string, std::size_t>> sections;  // name, where it began
  std::string text;
  auto flush = [&] {
    if (!text.empty()) open.back()->push_back(Node{Type::kText, std::move(text), {}, {}});
    text.clear();
  };
  for (std::size_t i = 0; i < in.size();) {
    if (in.compare(i, 2, "{{") == 0) {
      flush();
      std::size_t start = i, contents = i + 2;
      bool triple = start != in.size() - 2 && in[contents] == '{';
      if (triple) ++contents;
      std::string_view close = triple ? "}}}" : "}}";
      auto end = in.find(close, contents);
      if (end == std::string_view::npos) refuse("Unclosed tag", start);
      std::string tag = trim(in.substr(contents, end - contents));
      i = end + close.size();
      Node node;
      if (triple) {
        node.type = Type::kRaw;
        node.text = tag;
      } else {
        char sigil = tag.empty() ? '\0' : tag[0];
        if (sigil == '=') refuse("Custom delimiters are not supported", start);
        if (sigil == '!' || sigil == '>') continue;  // a comment; a partial not inlined renders nothing
        bool named = sigil == '#' || sigil == '^' || sigil == '/' || sigil == '&';
        node.text = named ? trim(std::string_view(tag).substr(1)) : tag;
        if (sigil == '/') {
          if (sections.empty()) refuse("Unopened section \"" + node.text + "\"", start);
          if (sections.back().first != node.text)
            refuse("Unclosed section \"" + sections.back().first + "\"", sections.back().second);
          sections.pop_back();
          open.pop_back();
          continue;
        }
        node.type = sigil == '#'   ? Type::kSection
                    : sigil == '^' ? Type::kInverted
                    : sigil == '&' ? Type::kRaw
                                   : Type::kVariable;
      }
      node.path = dotted(node.text);
      open.back()->push_back(std::move(node));
      if (open.back()->back().type == Type::kSection || open.back()->back().type == Type::kInverted) {
        sections.emplace_back(open.back()->back().text, start);
        open.push_back(&open.back()->back().children);
      }
      continue;
    }
    std::size_t nl = in.compare(i, 2, "\r\n") == 0 ? 2 : (in[i] == '\n' || in[i] == '\r') ? 1 : 0;
    if (nl) {
      flush();
      open.back()->push_back(Node{Type::kNewline, std::string(in.substr(i, nl)), {}, {}});
      i += nl;
      continue;
    }
    text += in[i++];
  }
  flush();
  if (!sections.empty()) refuse("Unclosed section \"" + sections.back().first + "\"", sections.back().second);
}

void Template::render(const Data& data, std::string& out) const {
  out.reserve(out.size() + size_hint_ + size_hint_ / 2);
  Renderer r{out, out.size(), false, {&data}};
  r.walk(nodes_);
  r.end_line(nullptr);
}

std::string Template::render(const Data& data) const {
  std::string out;
  render(data, out);
  return out;
}

}  // namespace cityskills::view
