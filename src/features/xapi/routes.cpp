// /admin/xapi: the Learning Record Store, the state of the outbox, and "try again now"; the
// delivery job; the outbox behind web::learning_record. The secret is written and never shown
// again (an empty field keeps it); every change is in the audit log.
#include "features/admin/api.hpp"
#include "features/xapi/api.hpp"
#include "features/xapi/deliver.hpp"
#include "features/xapi/forms.hpp"
#include "features/xapi/statement.hpp"
#include "features/xapi/store.hpp"
#include "jobs/jobs.hpp"
#include "web/extensions.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/learning.hpp"
#include "web/forms.hpp"

namespace cityskills::xapi {
namespace {

using http::Response;
using web::Ctx;

std::string count(std::int64_t n) { return std::to_string(n); }

Response page(Ctx& ctx, const SettingsForm& f, bool secret_stored, const web::FormErrors& errors, int status) {
  store::Status st;
  {
    auto c = ctx.db().acquire();
    st = store::status(*c);
  }
  view::Data d;
  d.set("endpoint", f.endpoint);
  d.set("auth_key", f.auth_key);
  d.set("enabled", f.enabled);
  d.set("secret_stored", secret_stored);
  d.set("queued", count(st.queued));
  d.set("failing", count(st.failing));
  d.set("sent", count(st.sent));
  auto zone = ctx.zone();
  if (st.last_sent_at) d.set("last_sent", i18n::format_datetime(ctx.locale, st.last_sent_at, zone));
  if (!st.last_error.empty()) {
    d.set("last_error", st.last_error);
    d.set("last_error_at", i18n::format_datetime(ctx.locale, st.last_error_at, zone));
  }
  d.set("can_retry", st.failing > 0);
  errors.into(d, ctx);
  return ctx.page(ctx.t("xapi.admin.title"), "xapi/admin", d, std::move(status));
}

Response show(Ctx& ctx) {
  store::Settings s;
  {
    auto c = ctx.db().acquire();
    s = store::settings(*c);
  }
  SettingsForm f;
  f.endpoint = s.endpoint;
  f.auth_key = s.auth_key;
  f.enabled = s.enabled;
  return page(ctx, f, !s.auth_secret.empty(), {}, 200);
}

Response save(Ctx& ctx) {
  auto f = web::read_form<SettingsForm>(ctx);
  bool secret_stored = false;
  {
    auto c = ctx.db().acquire();
    // The stored secret is kept only for the same endpoint: pointing the store elsewhere must
    // not send the old secret there, so a new endpoint needs its secret again.
    auto stored = store::settings(*c);
    secret_stored = !stored.auth_secret.empty() && stored.endpoint == f.endpoint;
  }
  auto errors = check(f, secret_stored);
  if (!errors.empty()) return page(ctx, f, secret_stored, errors, 422);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    store::save_settings(c, {f.enabled, f.endpoint, f.auth_key, f.auth_secret});
    std::string detail = std::string("enabled=") + (f.enabled ? "1" : "0") + " endpoint=" + f.endpoint;
    if (!f.auth_secret.empty()) detail += " secret=replaced";
    admin::audit(c, ctx.user->id, {"xapi.settings_update", "setting", 1, "", detail});
    // What waited while the store was off or misconfigured goes now.
    if (f.enabled) schedule(c, true);
  });
  log::info("xapi settings saved", "\"request_id\":\"" + ctx.req.request_id + "\",\"actor_id\":" +
                                       std::to_string(ctx.user->id) + ",\"enabled\":" + (f.enabled ? "true" : "false"));
  ctx.flash("xapi.admin.saved");
  return ctx.redirect("/admin/xapi");
}

Response retry(Ctx& ctx) {
  web::allow_fields(ctx, {});
  std::int64_t n = 0;
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    n = store::retry_now(c, util::now_unix());
    if (n > 0) {
      schedule(c, true);
      admin::audit(c, ctx.user->id, {"xapi.retry", "setting", 1, "", "statements=" + std::to_string(n)});
    }
  });
  if (n > 0 && ctx.svc.jobs) ctx.svc.jobs->wake();
  ctx.flash(n > 0 ? "xapi.admin.retrying" : "xapi.admin.nothing_to_retry");
  return ctx.redirect("/admin/xapi");
}

void declare_processing() {
  web::declare_personal_data({"xapi", "learning_records", "processing.xapi.records.purpose",
                              "processing.xapi.records.data", web::LegalBasis::kPublicTask,
                              "processing.retention.account", "", {"processors"}, {"xapi_outbox", "xapi_actors"}});
}

}  // namespace

void register_extensions() {
  web::on_learning_record([](db::Connection& c, const web::LearningRecord& r) {
    auto now = util::now_unix();
    if (store::queue(c, r, new_uuid(), now)) schedule(c, false);
  });
}

void register_routes(web::App& app) {
  declare_processing();
  if (auto* runner = app.services().jobs) {
    web::Services& svc = app.services();
    runner->on(kJobKind, [&svc, runner](const std::string&) { deliver(*svc.db, svc.config.public_url, runner->owner()); });
  }
  app.route("GET", "/admin/xapi", web::Access::kPlatformAdmin, show);
  app.route("POST", "/admin/xapi", web::Access::kPlatformAdmin, save);
  app.route("POST", "/admin/xapi/retry", web::Access::kPlatformAdmin, retry);
}

}  // namespace cityskills::xapi
