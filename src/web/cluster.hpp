#pragma once
// Settings of a node that runs with others behind nginx, set once at start by `serve`.
#include <string>

namespace cityskills::web {

// --accel-redirect PREFIX: media files the app decided to send are sent by nginx instead
// (X-Accel-Redirect: PREFIX/ab/cdef..., an internal location mapped to DATA/media); empty:
// the app sends them itself.
void set_accel_redirect(std::string prefix);

// From SIGTERM on, /readyz answers 503 while in-flight requests finish.
void start_draining();
bool draining();

}  // namespace cityskills::web
