#include "features/admin/api.hpp"
#include "features/admin/pages.hpp"

namespace cityskills::admin {

void register_routes(web::App& app) {
  register_dashboard_routes(app);
  register_people_routes(app);
  register_audit_routes(app);
  register_settings_routes(app);
}

}  // namespace cityskills::admin
