#pragma once
#include <string_view>

namespace cityskills::log {

// One JSON object per line on stderr; `fields_json` is a pre-built fragment like
// "\"request_id\":\"abc\",\"status\":200" (may be empty).
void write(std::string_view level, std::string_view message, std::string_view fields_json = {});
inline void info(std::string_view m, std::string_view f = {}) { write("info", m, f); }
inline void warn(std::string_view m, std::string_view f = {}) { write("warn", m, f); }
inline void error(std::string_view m, std::string_view f = {}) { write("error", m, f); }
void set_quiet(bool quiet);  // tests keep only errors

}  // namespace cityskills::log
