// Download my data: a person (or an administrator for them) asks, a background job builds the
// zip (one JSON file per area and a README), the one who asked gets an e-mail and finds the
// file on the page they asked from for the export retention period (7 days unless the
// administrators chose another); the retention job deletes it then.
// The person downloads the exports they asked for; platform administrators download those an
// administrator produced for the person (decision note 0023), never the person's own.
#include <zip.h>

#include <boost/json.hpp>

#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "features/consent/forms.hpp"
#include "features/consent/retention.hpp"
#include "features/consent/rights.hpp"
#include "features/consent/store.hpp"
#include "i18n/bytes.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"

namespace cityskills::consent::rights {
namespace {

using http::Response;
using web::Ctx;

constexpr int kExportsPerHour = 10;

// The files as a zip, built in memory (entries deflated, names UTF-8).
std::string build_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) throw std::runtime_error("zip: cannot create a buffer");
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!z) {
    zip_source_free(buffer);
    throw std::runtime_error("zip: cannot open the buffer");
  }
  zip_source_keep(buffer);  // read back after zip_close
  auto fail = [&](const char* what) {
    zip_discard(z);
    zip_source_free(buffer);
    throw std::runtime_error(std::string("zip: ") + what);
  };
  for (const auto& [name, data] : files) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    if (!s) fail("cannot add a file");
    if (zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(s);
      fail("cannot add a file");
    }
  }
  if (zip_close(z) < 0) fail("cannot write");
  std::string out;
  zip_stat_t st;
  if (zip_source_stat(buffer, &st) == 0 && zip_source_open(buffer) == 0) {
    out.resize(st.size);
    auto n = zip_source_read(buffer, out.data(), st.size);
    zip_source_close(buffer);
    out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  }
  zip_source_free(buffer);
  if (out.empty()) throw std::runtime_error("zip: empty result");
  return out;
}

// Builds the zip of one queued export and tells the one who asked. Any failure marks the
// export failed (the person may ask again) instead of leaving it queued.
void run_export(web::Services& svc, const std::string& payload) {
  auto v = boost::json::parse(payload).as_object();
  auto id = v.at("export_id").as_int64();
  auto& db = *svc.db;
  std::optional<store::Export> e;
  {
    auto c = db.acquire();
    e = store::export_row(*c, id);
  }
  if (!e || e->status != "queued") return;  // erased meanwhile, or already built
  try {
    auto now = util::now_unix();
    std::optional<db::Row> to;
    {
      auto c = db.acquire();
      to = c->one("SELECT email, lang FROM users WHERE id = ?", {e->requested_by.value_or(e->user_id)});
    }
    if (!to) throw std::runtime_error("the account that asked for the export no longer exists");
    auto lang = i18n::supported(to->str(1)) ? to->str(1) : std::string(i18n::kDefaultLocale);
    std::string zip;
    int offered_days = kExportDays;
    {
      auto c = db.acquire();
      auto files = export_files(*c, e->user_id, lang, now);
      if (files.empty()) throw std::runtime_error("the account to export no longer exists");
      zip = build_zip(files);
      offered_days = retention_periods(*c).exports;
    }
    auto expires = now + static_cast<std::int64_t>(offered_days) * 24 * 3600;
    db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
      store::finish_export(c, id, zip, now, expires);
      auto page = svc.config.public_url + (e->requested_by ? "/admin/users/" + std::to_string(e->user_id) + "/data"
                                                           : std::string("/my/data")) + "#exports";
      accounts::queue_mail(c, to->str(0), i18n::t(lang, "rights.export.mail_subject"),
                           i18n::t(lang, "rights.export.mail_body",
                                   {{"link", page},
                                    {"days", std::to_string(offered_days)},
                                    {"date", i18n::format_datetime(lang, expires, admin::site_time_zone(c))}}));
    });
    if (svc.jobs) svc.jobs->wake();
    log::info("personal data export ready",
              "\"export_id\":" + std::to_string(id) + ",\"size\":" + std::to_string(zip.size()));
  } catch (const std::exception& ex) {
    log::error("personal data export failed",
               "\"export_id\":" + std::to_string(id) + ",\"error\":\"" + util::json_escape(ex.what()) + "\"");
    auto c = db.acquire();
    store::fail_export(*c, id, util::now_unix());
  }
}

Response download(Ctx& ctx, const store::Export& e) {
  auto now = util::now_unix();
  if (e.status != "ready" || e.expires_at <= now) throw web::Reject{410, "rights.export.gone"};
  std::optional<std::string> zip;
  {
    auto c = ctx.db().acquire();
    zip = store::export_zip(*c, e.id);
  }
  if (!zip) throw web::Reject{410, "rights.export.gone"};
  log::info("personal data downloaded", "\"request_id\":\"" + ctx.req.request_id + "\",\"actor_id\":" +
                                            std::to_string(ctx.user->id) + ",\"export_id\":" + std::to_string(e.id));
  auto r = Response::text(200, std::move(*zip), "application/zip");
  r.set("content-disposition", "attachment; filename=\"personal-data-" + std::to_string(e.user_id) + "-" +
                                   std::to_string(e.id) + ".zip\"");
  r.set("cache-control", "no-store");
  return r;
}

// The person's own export; anyone else's (or one an administrator produced) is "not found".
store::Export find_own_export(Ctx& ctx) {
  auto id = ctx.path_id("export");
  auto c = ctx.db().acquire();
  auto e = store::export_row(*c, id);
  if (!e || e->user_id != ctx.user->id || e->requested_by) throw web::Reject{404, "errors.not_found"};
  return *e;
}

// An export administrators produced for the person in the path.
store::Export find_admin_export(Ctx& ctx) {
  auto user = ctx.path_id("id");
  auto id = ctx.path_id("export");
  auto c = ctx.db().acquire();
  auto e = store::export_row(*c, id);
  if (!e || e->user_id != user || !e->requested_by) throw web::Reject{404, "errors.not_found"};
  return *e;
}

Response mine_download(Ctx& ctx) { return download(ctx, find_own_export(ctx)); }
Response admin_download(Ctx& ctx) { return download(ctx, find_admin_export(ctx)); }

}  // namespace

Queued request_export(Ctx& ctx, std::int64_t user_id, std::optional<std::int64_t> actor_id, const std::string& reason) {
  auto now = util::now_unix();
  auto outcome = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    // A request refused because one is already being prepared uses up no request of the hour.
    if (store::export_pending(c, user_id, actor_id)) return Queued::kPending;
    if (!accounts::rate_allow(c, "export:user:" + std::to_string(ctx.user->id), 3600, kExportsPerHour))
      return Queued::kTooMany;
    auto id = store::queue_export(c, user_id, actor_id, now);
    if (!id) return Queued::kPending;
    audit(c, actor_id, user_id, "export", reason, now);
    jobs::enqueue(c, kExportJob, "{\"export_id\":" + std::to_string(*id) + "}");
    return Queued::kQueued;
  });
  if (outcome == Queued::kQueued) {
    if (ctx.svc.jobs) ctx.svc.jobs->wake();
    log::info(actor_id ? "personal data export asked by an administrator" : "personal data export asked",
              "\"request_id\":\"" + ctx.req.request_id + "\",\"actor_id\":" + std::to_string(ctx.user->id) +
                  ",\"subject_id\":" + std::to_string(user_id));
  }
  return outcome;
}

view::List export_list(Ctx& ctx, const std::vector<store::Export>& exports, const std::string& base) {
  view::List out;
  auto now = util::now_unix();
  for (const auto& e : exports) {
    view::Data r;
    r.set("asked", i18n::format_datetime(ctx.locale, e.created_at, ctx.zone()));
    if (e.status == "queued") {
      r.set("status", ctx.t("rights.export.status_queued"));
      r.set("queued", true);
    } else if (e.status == "ready" && e.expires_at > now) {
      r.set("status", ctx.t("rights.export.status_ready",
                            {{"date", i18n::format_datetime(ctx.locale, e.expires_at, ctx.zone())}}));
      r.set("href", base + std::to_string(e.id));
      r.set("size", i18n::format_bytes(ctx.locale, e.size));
    } else if (e.status == "ready") {
      r.set("status", ctx.t("rights.export.status_expired"));
    } else {
      r.set("status", ctx.t("rights.export.status_failed"));
    }
    out.push_back(std::move(r));
  }
  return out;
}

void register_exports(web::App& app) {
  auto& svc = app.services();
  if (svc.jobs && svc.db) {
    web::Services* s = &svc;
    svc.jobs->on(std::string(kExportJob), [s](const std::string& payload) { run_export(*s, payload); });
  }
  app.route("GET", "/my/data/exports/{export}", web::Access::kSignedIn, mine_download);
  app.route("GET", "/admin/users/{id}/data/exports/{export}", web::Access::kPlatformAdmin, admin_download);
}

}  // namespace cityskills::consent::rights
