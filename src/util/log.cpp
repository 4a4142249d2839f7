#include "util/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "util/strings.hpp"

namespace cityskills::log {
namespace {
std::mutex g_mu;
std::atomic<bool> g_quiet{false};
}  // namespace

void set_quiet(bool quiet) { g_quiet = quiet; }

void write(std::string_view level, std::string_view message, std::string_view fields) {
  if (g_quiet && level != "error") return;
  std::string line = "{\"ts\":\"" + util::iso8601_utc(util::now_unix()) + "\",\"level\":\"" +
                     std::string(level) + "\",\"msg\":\"" + util::json_escape(message) + "\"";
  if (!fields.empty()) {
    line += ',';
    line += fields;
  }
  line += "}\n";
  std::lock_guard lock(g_mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace cityskills::log
