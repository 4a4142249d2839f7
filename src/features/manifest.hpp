#pragma once
// The list of capabilities, written once: the server, the tests and `cityskills routes` all
// register their routes through it, so adding a capability is one line here.
namespace cityskills::web { class App; }

namespace cityskills::features {

// Registers every feature's routes on `app`, in the order their patterns must be matched.
void register_routes(web::App& app);

}  // namespace cityskills::features
