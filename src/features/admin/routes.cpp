#include "features/admin/api.hpp"
#include "features/admin/pages.hpp"
#include "web/extensions.hpp"

namespace cityskills::admin {

void register_routes(web::App& app) {
  // Who last changed each site setting (administrative actions themselves are in the privacy
  // audit log, declared by the privacy feature).
  web::declare_personal_data({"admin", "site_settings", "processing.admin.site_settings.purpose",
                              "processing.admin.site_settings.data", web::LegalBasis::kPublicTask,
                              "processing.retention.content", "", {"staff"}, {"site_settings"}});
  register_dashboard_routes(app);
  register_people_routes(app);
  register_audit_routes(app);
  register_settings_routes(app);
}

}  // namespace cityskills::admin
