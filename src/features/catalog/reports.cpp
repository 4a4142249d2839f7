// The course report for the course's organisation (authors and organisation admins): a page
// with the figures and each person's progress, and the same as CSV.
#include <algorithm>

#include "features/catalog/authoring_parts.hpp"
#include "features/catalog/report.hpp"
#include "jobs/jobs.hpp"
#include "util/strings.hpp"
#include "view/csv.hpp"
#include "web/report_page.hpp"

namespace cityskills::catalog {
namespace {

using http::Response;
using web::Ctx;

constexpr int kPerPage = 100;

std::string score_text(const report::Learner& l, std::int64_t quiz) {
  auto it = l.best.find(quiz);
  return it == l.best.end() ? "–" : std::to_string(it->second) + "%";
}

Response page(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = authoring::authored_course(ctx, ctx.path_id("id"));
  web::ReportPage page(ctx, kPerPage);
  report::Report r;
  {
    auto c = ctx.db().acquire();
    r = report::load(*c, x.id, {static_cast<std::int64_t>(page.from()), kPerPage});
  }
  const auto zone = ctx.zone();
  view::Data d;
  d.set("id", std::to_string(x.id));
  d.set("title", x.title);
  d.set("lang", x.lang);
  d.set("enrolled", std::to_string(r.enrolled));
  d.set("completed", std::to_string(r.completed));
  d.set("average", std::to_string(r.average_progress));
  view::List quizzes;
  for (const auto& q : r.quizzes) {
    view::Data qd;
    qd.set("title", q.title);
    quizzes.push_back(std::move(qd));
  }
  d.set("quizzes", quizzes);
  view::List rows;
  for (const auto& l : r.learners) {
    view::Data row;
    row.set("name", l.name);
    row.set("enrolled_on", i18n::format_date(ctx.locale, l.enrolled_at, zone));
    row.set("progress", std::to_string(report::progress(l.done, r.lessons)));
    row.set("done", ctx.t("catalog.report.lessons_done", {{"done", std::to_string(l.done)}, {"count", std::to_string(r.lessons)}}));
    row.set("completed_on", l.completed_at ? i18n::format_date(ctx.locale, l.completed_at, zone) : std::string("–"));
    view::List scores;
    for (const auto& q : r.quizzes) {
      view::Data sd;
      sd.set("score", score_text(l, q.id));
      scores.push_back(std::move(sd));
    }
    row.set("scores", std::move(scores));
    rows.push_back(std::move(row));
  }
  d.set("learners", std::move(rows));
  d.set("has_learners", !r.learners.empty());
  view::List questions;
  for (const auto& q : r.questions) {
    view::Data qd;
    qd.set("prompt", q.prompt);
    qd.set("answered", std::to_string(q.answered));
    qd.set("correct", q.answered ? std::to_string(q.correct * 100 / q.answered) + "%" : std::string("–"));
    questions.push_back(std::move(qd));
  }
  d.set("questions", questions);
  d.set("has_questions", !r.questions.empty());
  page.links(d, "/author/courses/" + std::to_string(x.id) + "/report?page=", static_cast<std::size_t>(r.enrolled));
  return ctx.page(ctx.t("catalog.report.title"), "catalog/report", std::move(d));
}

Response csv(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = authoring::authored_course(ctx, ctx.path_id("id"));
  report::Report r;
  {
    auto c = ctx.db().acquire();
    r = report::load(*c, x.id);
  }
  std::vector<view::CsvCell> head = {ctx.t("catalog.report.person"), ctx.t("catalog.report.enrolled_on"),
                                     ctx.t("catalog.report.lessons"), ctx.t("catalog.report.progress"),
                                     ctx.t("catalog.report.completed_on")};
  for (const auto& q : r.quizzes) head.emplace_back(q.title);
  std::string out = view::csv_row(head);
  for (const auto& l : r.learners) {
    std::vector<view::CsvCell> row = {
        l.name, util::iso8601_utc(l.enrolled_at), l.done, report::progress(l.done, r.lessons),
        l.completed_at ? view::CsvCell(util::iso8601_utc(l.completed_at)) : view::CsvCell(std::nullopt)};
    for (const auto& q : r.quizzes) {
      auto it = l.best.find(q.id);
      row.push_back(it == l.best.end() ? view::CsvCell(std::nullopt) : view::CsvCell(it->second));
    }
    out += view::csv_row(row);
  }
  return view::csv_download(out, "course-" + std::to_string(x.id) + "-report.csv");
}

}  // namespace

void register_reports(web::App& app) {
  // Attempts stored before per-question results existed are scored once, in the background, by
  // whichever node takes the job; the report counts them itself meanwhile.
  if (auto* runner = app.services().jobs) {
    auto& db = *app.services().db;
    runner->on(std::string(report::kScoreJob), [&db](const std::string&) {
      while (report::score_stored_attempts(db) > 0) {
      }
    });
    auto c = db.acquire();
    if (c->one("SELECT 1 FROM quiz_attempts WHERE results_stored = 0 LIMIT 1") &&
        !c->one("SELECT 1 FROM jobs WHERE kind = ? AND done_at IS NULL AND failed_at IS NULL LIMIT 1", {report::kScoreJob}))
      jobs::enqueue(*c, report::kScoreJob, "{}");
  }
  app.route("GET", "/author/courses/{id}/report", web::Access::kPublisher, page);
  app.route("GET", "/author/courses/{id}/report.csv", web::Access::kPublisher, csv);
}

}  // namespace cityskills::catalog
