// /search: one box over courses, events, news, good practices, forum posts, ideas and shared
// resources, in the reader's language, best matches first, with the matching words marked.
#include <algorithm>

#include "features/manifest.hpp"
#include "features/search/api.hpp"
#include "http/url.hpp"
#include "search/search.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::search_page {
namespace {

using http::Response;
using web::Ctx;

// The kinds of content, in the order the filter shows them.
const std::vector<std::string> kKinds = {"course", "path", "event", "news", "practice", "forum", "idea", "resource"};
constexpr int kPerPage = 10;
constexpr int kMaxPage = 50;

std::string href(const std::string& q, const std::string& kind, int page) {
  std::string h = "/search?q=" + http::percent_encode(q);
  if (!kind.empty()) h += "&type=" + kind;
  if (page > 1) h += "&page=" + std::to_string(page);
  return h;
}

// Runs the search and puts the results, the kinds with their counts and the page links in `d`;
// returns the page's status.
int results(Ctx& ctx, view::Data& d, const std::string& q, const std::string& kind, int page_number,
            search::Request& r) {
  r.offset = (page_number - 1) * kPerPage;
  r.limit = kPerPage;
  search::Results res;
  {
    auto c = ctx.db().acquire();
    res = search::find(*c, r);
  }
  // Filter by kind: every kind with its count; the current one is marked.
  std::int64_t all = 0;
  for (const auto& [k, n] : res.counts) all += n;
  view::List kinds;
  auto add_kind = [&](const std::string& k, std::int64_t n) {
    view::Data item;
    item.set("label", k.empty() ? ctx.t("search.kind.all") : ctx.t("search.kind." + k));
    item.set("count", std::to_string(n));
    item.set("href", href(q, k, 1));
    item.set("current", k == kind);
    kinds.push_back(item);
  };
  add_kind("", all);
  for (const auto& k : kKinds) {
    auto it = std::find_if(res.counts.begin(), res.counts.end(), [&](const auto& p) { return p.first == k; });
    if (it != res.counts.end()) add_kind(k, it->second);
    else if (k == kind) add_kind(k, 0);  // the chosen kind stays marked, with its 0
  }
  if (all > 0) {
    d.set("kinds", std::move(kinds));
    d.set("show_kinds", true);
  }
  view::List hits;
  for (const auto& h : res.hits) {
    view::Data item;
    item.set("url", h.url);
    item.set("title_html", h.title_html);
    item.set("snippet_html", h.snippet_html);
    item.set("kind", ctx.t("search.kind_one." + h.kind));
    item.set("org", h.org_name);
    if (h.shown_at > 0) item.set("date", i18n::format_date(ctx.locale, h.shown_at, ctx.zone()));
    hits.push_back(std::move(item));
  }
  d.set("has_hits", !hits.empty());
  d.set("hits", hits);
  d.set("summary", i18n::tn(ctx.locale, "search.results.count", res.total, {{"q", q}}));
  if (res.total == 0 && !kind.empty() && all > 0) d.set("other_kinds", href(q, "", 1));
  int status = 200;
  if (page_number > 1 && res.hits.empty() && res.total > 0) {
    // Past the last page (an old link, a hand-edited address): say so, and lead back.
    status = 404;
    d.set("searched", false);
    d.set("error", ctx.t("search.error.bad_page"));
    d.set("first_page", href(q, kind, 1));
  }
  if (page_number > 1) d.set("prev", href(q, kind, page_number - 1));
  if (static_cast<std::int64_t>(page_number) * kPerPage < res.total && page_number < kMaxPage)
    d.set("next", href(q, kind, page_number + 1));
  d.set("has_pages", page_number > 1 || res.total > static_cast<std::int64_t>(page_number) * kPerPage);
  if (res.total > kPerPage)
    d.set("page_info", ctx.t("search.results.page", {{"page", std::to_string(page_number)}}));
  return status;
}

Response page(Ctx& ctx) {
  auto q = ctx.query_value("q").value_or("");
  auto kind = ctx.query_value("type").value_or("");
  auto page_text = ctx.query_value("page").value_or("1");
  view::Data d;
  d.set("q", q);
  int status = 200;
  std::string error;
  if (!util::valid_utf8(q) || q.find('\0') != std::string::npos) {
    d.set("q", std::string());
    error = "search.error.encoding";
  } else if (!kind.empty() && std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
    error = "search.error.bad_type";
  }
  auto page_no = util::parse_int(page_text);
  if (error.empty() && (!page_no || *page_no < 1 || *page_no > kMaxPage)) error = "search.error.bad_page";
  search::Request r;
  r.lang = ctx.locale;
  r.kind = kind;
  r.now = util::now_unix();
  if (!error.empty()) status = 400;  // a request no form of ours sends
  if (error.empty()) {
    r.query = search::text::parse(ctx.locale, q);
    error = r.query.error;
    if (!error.empty()) status = 422;  // a query that cannot be run as typed
  }
  if (!error.empty())
    d.set("error", ctx.t(error, {{"max", std::to_string(search::text::kMaxQueryChars)},
                                 {"length", std::to_string(r.query.chars)},
                                 {"words", std::to_string(search::text::kMaxQueryTerms)},
                                 {"count", std::to_string(r.query.words)}}));
  d.set("searched", error.empty() && !r.query.empty());
  if (error.empty() && !r.query.empty()) status = results(ctx, d, q, kind, static_cast<int>(*page_no), r);
  std::string title = q.empty() || status != 200 ? ctx.t("search.title") : ctx.t("search.title_for", {{"q", q}});
  return ctx.page(title, "search/results", d, std::move(status));
}

// OpenSearch description: browsers offer the site's search in their address bar.
Response opensearch(Ctx& ctx) {
  const auto& base = ctx.svc.config.public_url;
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
                    "  <ShortName>" + util::html_escape(ctx.t("site.name")) + "</ShortName>\n"
                    "  <Description>" + util::html_escape(ctx.t("search.intro")) + "</Description>\n"
                    "  <InputEncoding>UTF-8</InputEncoding>\n"
                    "  <Language>" + ctx.locale + "</Language>\n"
                    "  <Url type=\"text/html\" method=\"get\" template=\"" +
                    util::html_escape(base + "/search?q={searchTerms}&lang=" + ctx.locale) + "\"/>\n"
                    "</OpenSearchDescription>\n";
  auto r = Response::text(200, xml, "application/opensearchdescription+xml; charset=utf-8");
  r.set("cache-control", "public, max-age=86400");
  return r;
}

}  // namespace

void register_routes(web::App& app) {
  app.route("GET", "/search", web::Access::kAnyone, page);
  app.route("GET", "/opensearch.xml", web::Access::kAnyone, opensearch, web::shared_page());
}

std::int64_t rebuild(db::Database& db) {
  return db.tx(db::TxKind::kWrite, [](db::Connection& c) {
    search::clear(c);
    features::index_search(c);  // every feature in the manifest
    search::mark_built(c);
    return search::count(c);
  });
}

void rebuild_if_needed(db::Database& db) {
  bool needed;
  {
    auto c = db.acquire();
    needed = search::needs_rebuild(*c);
  }
  if (!needed) return;
  auto n = rebuild(db);
  log::info("search index built", "\"documents\":" + std::to_string(n) +
                                      ",\"version\":" + std::to_string(search::kIndexVersion));
}

}  // namespace cityskills::search_page
