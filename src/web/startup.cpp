// Starting the application: the HTTP server that feeds it, and the site's secret shared by
// every node.
#include <memory>
#include <string>

#include "db/database.hpp"
#include "http/server.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"

namespace cityskills::web {

std::unique_ptr<http::Server> make_server(App& app, http::ServerOptions opt) {
  return std::make_unique<http::Server>(
      std::move(opt), [&app](http::Request& r) { return app.handle(r); },
      [&app](http::Request& r) { return app.admit(r); },
      [&app](int status, const http::Request& r) { return app.protocol_error(status, r); });
}

std::string load_secret(db::Database& db) {
  // Nodes starting together may both find no secret: the first insert wins and every node
  // reads the one that is stored.
  return db.tx(db::TxKind::kWrite, [](db::Connection& c) {
    if (auto r = c.one("SELECT value FROM settings WHERE name = 'secret'")) return r->str(0);
    c.exec("INSERT INTO settings (name, value, updated_at) VALUES ('secret', ?, ?) ON CONFLICT (name) DO NOTHING",
           {crypto::random_token(32), util::now_unix()});
    return c.one("SELECT value FROM settings WHERE name = 'secret'")->str(0);
  });
}

}  // namespace cityskills::web
