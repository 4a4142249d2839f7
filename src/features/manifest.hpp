#pragma once
// The list of capabilities, written once: the server, the tests and `cityskills routes` all
// register their routes through it, so adding a capability is one line here.
namespace cityskills::web { class App; }

namespace cityskills::features {

// Registers every feature's routes on `app`, in the order their patterns must be matched, and
// the extensions below.
void register_routes(web::App& app);
// Registers what features add to each other (web/extensions.hpp), once per process; the command
// line calls it for the commands that change accounts.
void register_extensions();

}  // namespace cityskills::features
