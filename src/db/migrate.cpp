#include "db/migrate.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "util/embedded.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::db {

std::vector<Migration> embedded_migrations() {
  std::vector<Migration> out;
  for (const auto& f : embedded::list("src/", ".sql")) {
    if (f.path.find("/migrations/") == std::string_view::npos) continue;
    std::string file = std::filesystem::path(f.path).filename().string();
    auto version = util::parse_int(file.substr(0, file.find('_')));
    if (!version) throw std::runtime_error("migration without a number: " + std::string(f.path));
    out.push_back({static_cast<int>(*version), std::string(f.path), std::string(f.data)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].version == out[i - 1].version)
      throw std::runtime_error("two migrations share number " + std::to_string(out[i].version));
  return out;
}

int migrate(Database& db, const std::vector<Migration>& migrations) {
  {
    auto c = db.acquire();
    c->exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)");
  }
  int applied = 0;
  for (const auto& m : migrations) {
    bool ran = db.tx(TxKind::kWrite, [&](Connection& c) {
      if (c.dialect() == Dialect::kPostgres) c.exec_script("SELECT pg_advisory_xact_lock(727274)");
      if (c.one("SELECT 1 FROM schema_migrations WHERE version = ?", {m.version})) return false;
      c.exec_script(translate_ddl(m.sql, c.dialect()));
      c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
             {m.version, m.name, util::now_unix()});
      return true;
    });
    if (ran) {
      ++applied;
      log::info("applied migration", "\"version\":" + std::to_string(m.version) + ",\"name\":\"" +
                                         util::json_escape(m.name) + "\"");
    }
  }
  return applied;
}

}  // namespace cityskills::db
