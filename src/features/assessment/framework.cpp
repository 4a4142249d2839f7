#include "features/assessment/framework.hpp"

#include <boost/json.hpp>

#include <map>
#include <set>
#include <stdexcept>

#include "features/assessment/api.hpp"
#include "features/assessment/scoring.hpp"
#include "i18n/i18n.hpp"
#include "util/embedded.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::assessment {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxText = 1000;
constexpr const char* kBuiltinPath = "src/features/assessment/frameworks/digcomp-2.2.json";

struct Bad {
  std::string message;
};

const json::object& object_at(const json::value& v, const std::string& where) {
  if (!v.is_object()) throw Bad{where + ": expected an object"};
  return v.as_object();
}

std::string string_at(const json::object& o, const char* key, const std::string& where, bool required = true) {
  auto* v = o.if_contains(key);
  if (!v) {
    if (required) throw Bad{where + "." + key + ": missing"};
    return "";
  }
  if (!v->is_string()) throw Bad{where + "." + key + ": expected a string"};
  std::string s(v->as_string());
  if (!util::valid_utf8(s) || util::trim(s).empty() || util::utf8_length(s) > kMaxText)
    throw Bad{where + "." + key + ": must be non-empty UTF-8 text of at most 1000 characters"};
  return s;
}

const json::array& array_at(const json::object& o, const char* key, const std::string& where) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_array() || v->as_array().empty()) throw Bad{where + "." + key + ": expected a non-empty array"};
  return v->as_array();
}

// {"en": "...", "it": "..."}: at least one supported language.
Texts texts_at(const json::object& o, const char* key, const std::string& where) {
  auto* v = o.if_contains(key);
  std::string here = where + "." + key;
  if (!v || !v->is_object() || v->as_object().empty()) throw Bad{here + ": expected an object of language -> text"};
  Texts out;
  for (const auto& [lang, text] : v->as_object()) {
    std::string l(lang);
    if (!i18n::supported(l)) throw Bad{here + "." + l + ": unsupported language (use it, en, de, sv, fi)"};
    json::object one;
    one[l] = text;
    out[l] = string_at(one, l.c_str(), here);
  }
  return out;
}

FileQuestion parse_question(const json::value& v, const std::string& where, std::set<std::string>& keys) {
  const auto& o = object_at(v, where);
  FileQuestion q;
  q.key = string_at(o, "key", where);
  if (!keys.insert(q.key).second) throw Bad{where + ".key: '" + q.key + "' is used twice"};
  q.level = string_at(o, "level", where);
  if (band_number(q.level) == 0) throw Bad{where + ".level: must be foundation, intermediate, advanced or highly_specialised"};
  q.kind = string_at(o, "kind", where);
  if (q.kind != "self" && q.kind != "true_false") throw Bad{where + ".kind: must be self or true_false"};
  if (q.kind == "true_false") {
    auto* a = o.if_contains("answer");
    if (!a || !a->is_bool()) throw Bad{where + ".answer: a true_false question needs answer true or false"};
    q.answer = a->as_bool();
  }
  q.prompt = texts_at(o, "prompt", where);
  return q;
}

FrameworkFile parse(const json::value& root) {
  const auto& o = object_at(root, "framework");
  FrameworkFile f;
  f.code = string_at(o, "code", "framework");
  f.version = string_at(o, "version", "framework");
  f.name = texts_at(o, "name", "framework");
  f.description = texts_at(o, "description", "framework");
  std::set<std::string> area_codes, comp_codes, keys;
  const auto& areas = array_at(o, "areas", "framework");
  for (std::size_t i = 0; i < areas.size(); ++i) {
    std::string where = "areas[" + std::to_string(i) + "]";
    const auto& ao = object_at(areas[i], where);
    FileArea a;
    a.code = string_at(ao, "code", where);
    if (!area_codes.insert(a.code).second) throw Bad{where + ".code: '" + a.code + "' is used twice"};
    a.event_theme = string_at(ao, "event_theme", where, false);
    a.name = texts_at(ao, "name", where);
    const auto& comps = array_at(ao, "competences", where);
    for (std::size_t j = 0; j < comps.size(); ++j) {
      std::string cw = where + ".competences[" + std::to_string(j) + "]";
      const auto& co = object_at(comps[j], cw);
      FileCompetence c;
      c.code = string_at(co, "code", cw);
      if (!comp_codes.insert(c.code).second) throw Bad{cw + ".code: '" + c.code + "' is used twice"};
      c.name = texts_at(co, "name", cw);
      if (auto* qs = co.if_contains("questions")) {
        if (!qs->is_array()) throw Bad{cw + ".questions: expected an array"};
        for (std::size_t k = 0; k < qs->as_array().size(); ++k)
          c.questions.push_back(parse_question(qs->as_array()[k], cw + ".questions[" + std::to_string(k) + "]", keys));
      }
      a.competences.push_back(std::move(c));
    }
    f.areas.push_back(std::move(a));
  }
  return f;
}

template <class Upsert>
void put_texts(db::Connection& c, const char* table, const char* key_col, std::int64_t id, const Texts& texts,
               Upsert extra) {
  for (const auto& [lang, text] : texts) {
    std::string sql = std::string("DELETE FROM ") + table + " WHERE " + key_col + " = ? AND lang = ?";
    c.exec(sql, {id, lang});
    extra(lang, text);
  }
}

std::int64_t upsert_id(db::Connection& c, std::string_view select, const db::Params& key, std::string_view update,
                       const db::Params& update_params, std::string_view insert, const db::Params& insert_params) {
  if (auto r = c.one(select, key)) {
    db::Params p = update_params;
    p.emplace_back(r->i64(0));
    c.exec(update, p);
    return r->i64(0);
  }
  return c.insert(insert, insert_params);
}

}  // namespace

std::variant<FrameworkFile, std::string> parse_framework(std::string_view text) {
  json::error_code ec;
  auto root = json::parse(text, ec);
  if (ec) return "not valid JSON: " + ec.message();
  try {
    return parse(root);
  } catch (const Bad& b) {
    return b.message;
  }
}

LoadReport load_framework(db::Tx& c, const FrameworkFile& f, std::optional<std::int64_t> org_id,
                          bool make_default) {
  auto now = util::now_unix();
  LoadReport rep;
  rep.created = !c.one("SELECT 1 FROM frameworks WHERE code = ?", {f.code});
  bool first = !c.one("SELECT 1 FROM frameworks");
  rep.framework_id = upsert_id(c, "SELECT id FROM frameworks WHERE code = ?", {f.code},
                               "UPDATE frameworks SET version = ?, org_id = ?, updated_at = ? WHERE id = ?",
                               {f.version, org_id, now},
                               "INSERT INTO frameworks (code, version, org_id, is_default, created_at, updated_at) "
                               "VALUES (?, ?, ?, 0, ?, ?) RETURNING id",
                               {f.code, f.version, org_id, now, now});
  auto fid = rep.framework_id;
  if (make_default || first) {
    c.exec("UPDATE frameworks SET is_default = 0 WHERE id <> ?", {fid});
    c.exec("UPDATE frameworks SET is_default = 1 WHERE id = ?", {fid});
  }
  for (const auto& [lang, name] : f.name) {
    c.exec("DELETE FROM framework_texts WHERE framework_id = ? AND lang = ?", {fid, lang});
    auto d = f.description.count(lang) ? f.description.at(lang) : "";
    c.exec("INSERT INTO framework_texts (framework_id, lang, name, description) VALUES (?, ?, ?, ?)", {fid, lang, name, d});
  }
  int area_pos = 0, comp_pos = 0, q_pos = 0;
  for (const auto& a : f.areas) {
    auto aid = upsert_id(c, "SELECT id FROM framework_areas WHERE framework_id = ? AND code = ?", {fid, a.code},
                         "UPDATE framework_areas SET position = ?, event_theme = ?, updated_at = ? WHERE id = ?",
                         {area_pos, a.event_theme.empty() ? db::Param(nullptr) : db::Param(a.event_theme), now},
                         "INSERT INTO framework_areas (framework_id, code, position, event_theme, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                         {fid, a.code, area_pos, a.event_theme.empty() ? db::Param(nullptr) : db::Param(a.event_theme),
                          now, now});
    ++area_pos;
    ++rep.areas;
    put_texts(c, "framework_area_texts", "area_id", aid, a.name, [&](const std::string& l, const std::string& t) {
      c.exec("INSERT INTO framework_area_texts (area_id, lang, name) VALUES (?, ?, ?)", {aid, l, t});
    });
    for (const auto& comp : a.competences) {
      auto cid = upsert_id(
          c, "SELECT id FROM framework_competences WHERE framework_id = ? AND code = ?", {fid, comp.code},
          "UPDATE framework_competences SET area_id = ?, position = ?, updated_at = ? WHERE id = ?", {aid, comp_pos, now},
          "INSERT INTO framework_competences (framework_id, area_id, code, position, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {fid, aid, comp.code, comp_pos, now, now});
      ++comp_pos;
      ++rep.competences;
      put_texts(c, "framework_competence_texts", "competence_id", cid, comp.name,
                [&](const std::string& l, const std::string& t) {
                  c.exec("INSERT INTO framework_competence_texts (competence_id, lang, name) VALUES (?, ?, ?)", {cid, l, t});
                });
      for (const auto& q : comp.questions) {
        db::Param answer = q.answer ? db::Param(*q.answer ? 1 : 0) : db::Param(nullptr);
        auto qid = upsert_id(
            c, "SELECT id FROM assessment_questions WHERE framework_id = ? AND qkey = ?", {fid, q.key},
            "UPDATE assessment_questions SET competence_id = ?, level = ?, kind = ?, answer = ?, position = ?, "
            "active = 1, updated_at = ? WHERE id = ?",
            {cid, q.level, q.kind, answer, q_pos, now},
            "INSERT INTO assessment_questions (framework_id, competence_id, qkey, level, kind, answer, active, position, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
            {fid, cid, q.key, q.level, q.kind, answer, q_pos, now, now});
        ++q_pos;
        ++rep.questions;
        put_texts(c, "assessment_question_texts", "question_id", qid, q.prompt,
                  [&](const std::string& l, const std::string& t) {
                    c.exec("INSERT INTO assessment_question_texts (question_id, lang, prompt) VALUES (?, ?, ?)", {qid, l, t});
                  });
      }
    }
  }
  return rep;
}

FrameworkFile builtin_digcomp() {
  auto text = embedded::find(kBuiltinPath);
  if (!text) throw std::runtime_error(std::string("embedded framework missing: ") + kBuiltinPath);
  auto parsed = parse_framework(*text);
  if (auto* err = std::get_if<std::string>(&parsed)) throw std::runtime_error(std::string(kBuiltinPath) + ": " + *err);
  return std::get<FrameworkFile>(std::move(parsed));
}

namespace {

// The built-in file's names by code, read once (the file is part of the binary).
struct DigcompNames {
  std::map<std::string, Texts, std::less<>> names;
  std::map<std::string, std::string, std::less<>> theme_area;
};

const DigcompNames& digcomp_names() {
  static const DigcompNames names = [] {
    DigcompNames n;
    for (const auto& a : builtin_digcomp().areas) {
      n.names[a.code] = a.name;
      if (!a.event_theme.empty()) n.theme_area[a.event_theme] = a.code;
      for (const auto& c : a.competences) n.names[c.code] = c.name;
    }
    return n;
  }();
  return names;
}

}  // namespace

std::string digcomp_name(std::string_view code, std::string_view lang) {
  const auto& all = digcomp_names().names;
  auto it = all.find(code);
  if (it == all.end()) return "";
  if (auto t = it->second.find(std::string(lang)); t != it->second.end() && !t->second.empty()) return t->second;
  auto en = it->second.find("en");
  return en == it->second.end() ? std::string() : en->second;
}

std::string digcomp_area_of_theme(std::string_view theme) {
  const auto& all = digcomp_names().theme_area;
  auto it = all.find(theme);
  return it == all.end() ? std::string() : it->second;
}

void install_builtin(db::Database& db) {
  auto f = builtin_digcomp();
  for (int attempt = 0;; ++attempt) {
    try {
      db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
        // Present already (perhaps edited by authors since): leave it alone.
        if (c.one("SELECT 1 FROM frameworks WHERE code = ?", {f.code})) return;
        auto rep = load_framework(c, f, std::nullopt, false);
        log::info("loaded built-in framework", "\"code\":\"" + f.code + "\",\"questions\":" + std::to_string(rep.questions));
      });
      return;
    } catch (const db::Error& e) {
      // Another node loading it at the same moment wins; a retry then finds it present.
      if (attempt >= 3 || (e.kind() != db::Error::Kind::kUniqueViolation && e.kind() != db::Error::Kind::kBusy)) throw;
    }
  }
}

}  // namespace cityskills::assessment
