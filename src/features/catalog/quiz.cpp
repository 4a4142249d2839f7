#include "features/catalog/quiz.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <set>

#include "util/strings.hpp"

namespace cityskills::catalog::quiz {
namespace {

const Question* find_question(const std::vector<Question>& qs, std::int64_t id) {
  for (const auto& q : qs)
    if (q.id == id) return &q;
  return nullptr;
}

bool has_option(const Question& q, std::int64_t id) {
  return std::any_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; });
}

QuestionResult score_one(const Question& q, const Answer* a) {
  QuestionResult r;
  r.question_id = q.id;
  if (!a) return r;
  if (q.kind == "single" || q.kind == "true_false") {
    r.answered = a->chosen.size() == 1;
    if (r.answered)
      for (const auto& o : q.options)
        if (o.id == a->chosen.front() && o.correct) r.credit = 1;
  } else if (q.kind == "multiple") {
    r.answered = !a->chosen.empty();
    int right = 0, hits = 0, misses = 0;
    for (const auto& o : q.options) {
      bool picked = std::find(a->chosen.begin(), a->chosen.end(), o.id) != a->chosen.end();
      right += o.correct;
      if (picked) (o.correct ? hits : misses)++;
    }
    if (right > 0) r.credit = std::max(0.0, static_cast<double>(hits - misses) / right);
  } else if (q.kind == "short") {
    auto given = normalise_short(a->text);
    r.answered = !given.empty();
    for (const auto& o : q.options)
      if (r.answered && normalise_short(o.text) == given) r.credit = 1;
  } else if (q.kind == "ordering") {
    r.answered = a->order.size() == q.options.size();
    bool all = r.answered;
    for (std::size_t i = 0; i < q.options.size() && all; ++i) {
      auto it = a->order.find(q.options[i].id);
      all = it != a->order.end() && it->second == static_cast<int>(i) + 1;
    }
    if (all) r.credit = 1;
  }
  r.correct = r.credit >= 0.999;
  return r;
}

}  // namespace

std::string normalise_short(const std::string& s) {
  UErrorCode err = U_ZERO_ERROR;
  auto u = icu::UnicodeString::fromUTF8(s);
  u.foldCase();
  // Decompose and drop combining marks, so "perche" matches "perché".
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  icu::UnicodeString d = U_SUCCESS(err) ? nfd->normalize(u, err) : u;
  icu::UnicodeString out;
  bool space = false;
  for (int32_t i = 0; i < d.length(); ++i) {
    UChar ch = d.charAt(i);
    if (ch >= 0x0300 && ch <= 0x036F) continue;
    if (u_isUWhiteSpace(ch)) {
      space = !out.isEmpty();
      continue;
    }
    if (space) out.append(static_cast<UChar>(' '));
    space = false;
    out.append(ch);
  }
  std::string r;
  out.toUTF8String(r);
  return r;
}

Score score(const std::vector<Question>& questions, const std::map<std::int64_t, Answer>& answers, int pass_mark) {
  Score s;
  double total = 0;
  for (const auto& q : questions) {
    auto it = answers.find(q.id);
    s.results.push_back(score_one(q, it == answers.end() ? nullptr : &it->second));
    total += s.results.back().credit;
  }
  s.percent = questions.empty() ? 0 : static_cast<int>(std::floor(100.0 * total / questions.size() + 0.5));
  s.passed = !questions.empty() && s.percent >= pass_mark;
  return s;
}

std::optional<std::map<std::int64_t, Answer>> parse_form(const std::vector<Question>& questions,
                                                         const std::vector<std::pair<std::string, std::string>>& form) {
  std::map<std::int64_t, Answer> out;
  std::set<std::string> seen;
  for (const auto& [name, value] : form) {
    if (name == "_csrf" || name == "attempt") continue;
    if (name.size() < 2 || name[0] != 'q' || !seen.insert(name).second) return std::nullopt;
    auto rest = std::string_view(name).substr(1);
    auto us = rest.find('_');
    auto qid = util::parse_id(rest.substr(0, us));
    if (!qid) return std::nullopt;
    const Question* q = find_question(questions, *qid);
    if (!q) return std::nullopt;
    auto& a = out[*qid];
    if (us == std::string_view::npos) {
      if (q->kind == "short") {
        if (value.size() > 500 || !util::valid_utf8(value)) return std::nullopt;
        a.text = value;
      } else if (q->kind == "single" || q->kind == "true_false") {
        auto oid = util::parse_id(value);
        if (!oid || !has_option(*q, *oid)) return std::nullopt;
        a.chosen = {*oid};
      } else {
        return std::nullopt;
      }
      continue;
    }
    auto oid = util::parse_id(rest.substr(us + 1));
    if (!oid || !has_option(*q, *oid)) return std::nullopt;
    if (q->kind == "multiple") {
      if (value != "1") return std::nullopt;
      a.chosen.push_back(*oid);
    } else if (q->kind == "ordering") {
      if (value.empty()) continue;  // not placed yet
      auto place = util::parse_id(value);
      if (!place || *place > static_cast<std::int64_t>(q->options.size())) return std::nullopt;
      a.order[*oid] = static_cast<int>(*place);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string to_json(const std::map<std::int64_t, Answer>& answers) {
  boost::json::object o;
  for (const auto& [qid, a] : answers) {
    boost::json::object x;
    if (!a.chosen.empty()) {
      boost::json::array ch;
      for (auto id : a.chosen) ch.push_back(id);
      x["chosen"] = ch;
    }
    if (!a.text.empty()) x["text"] = a.text;
    if (!a.order.empty()) {
      boost::json::object ord;
      for (const auto& [oid, place] : a.order) ord[std::to_string(oid)] = place;
      x["order"] = ord;
    }
    o[std::to_string(qid)] = x;
  }
  return boost::json::serialize(o);
}

std::map<std::int64_t, Answer> from_json(const std::string& json) {
  std::map<std::int64_t, Answer> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, x] : v.as_object()) {
    auto qid = util::parse_id(std::string_view(k.data(), k.size()));
    if (!qid || !x.is_object()) continue;
    Answer a;
    const auto& xo = x.as_object();
    if (auto* ch = xo.if_contains("chosen"); ch && ch->is_array())
      for (const auto& id : ch->as_array())
        if (id.is_int64()) a.chosen.push_back(id.as_int64());
    if (auto* t = xo.if_contains("text"); t && t->is_string()) a.text = std::string(t->as_string());
    if (auto* ord = xo.if_contains("order"); ord && ord->is_object())
      for (const auto& [ok, place] : ord->as_object())
        if (auto oid = util::parse_id(std::string_view(ok.data(), ok.size())); oid && place.is_int64())
          a.order[*oid] = static_cast<int>(place.as_int64());
    out[*qid] = std::move(a);
  }
  return out;
}

}  // namespace cityskills::catalog::quiz
