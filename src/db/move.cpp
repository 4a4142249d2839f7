#include "db/move.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "util/crypto.hpp"

namespace cityskills::db {
namespace {

constexpr std::size_t kMaxParams = 30000;  // below PostgreSQL's 65,535 bound parameters

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> key;  // primary-key columns (all columns when there is none)
  bool has_id = false;
  // Nullable columns referring to this table or to one copied after it (organisations.logo_id
  // -> media, media.org_id -> organisations; a path's translation_of): copied as NULL, then set
  // once every table is in, so that no copy order has to exist.
  std::vector<std::size_t> deferred;
};

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

std::string column_list(const std::vector<std::string>& cols) {
  std::string out;
  for (const auto& c : cols) out += (out.empty() ? "" : ", ") + quoted(c);
  return out;
}

// The source's tables in the order they were created (the migrations' order, so a table comes
// after the tables it refers to), with their columns and keys.
std::vector<Table> source_tables(Connection& c) {
  std::vector<Table> out;
  for (const auto& r : c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "ORDER BY rowid")) {
    auto name = r.str(0);
    if (derived_table(name)) continue;
    Table t{name, {}, {}, false};
    std::vector<std::pair<std::int64_t, std::string>> pk;
    for (const auto& col : c.query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", {name})) {
      t.columns.push_back(col.str(0));
      if (col.i64(1) > 0) pk.emplace_back(col.i64(1), col.str(0));
      if (col.str(0) == "id") t.has_id = true;
    }
    std::sort(pk.begin(), pk.end());
    for (const auto& [n, col] : pk) t.key.push_back(col);
    if (t.key.empty()) t.key = t.columns;
    out.push_back(std::move(t));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& t = out[i];
    std::set<std::string> nullable;
    for (const auto& col : c.query("SELECT name FROM pragma_table_info(?) WHERE \"notnull\" = 0 AND pk = 0", {t.name}))
      nullable.insert(col.str(0));
    for (const auto& fk : c.query("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)", {t.name})) {
      auto target = std::find_if(out.begin(), out.end(), [&](const Table& x) { return x.name == fk.str(0); });
      if (target == out.end() || static_cast<std::size_t>(target - out.begin()) < i || !nullable.count(fk.str(1))) continue;
      auto col = std::find(t.columns.begin(), t.columns.end(), fk.str(1));
      if (col != t.columns.end()) t.deferred.push_back(static_cast<std::size_t>(col - t.columns.begin()));
    }
    std::sort(t.deferred.begin(), t.deferred.end());
    t.deferred.erase(std::unique(t.deferred.begin(), t.deferred.end()), t.deferred.end());
  }
  return out;
}

// A row's deferred values, set after every table is copied.
struct Pending {
  const Table* table;
  std::vector<Value> key;
  std::vector<std::pair<std::size_t, Value>> values;  // column index, value
};

// One value as text, the same for both backends: integers in decimal, reals with 17 digits,
// NULL as a marker no text can be.
void canonical(const Value& v, std::string& out) {
  if (std::holds_alternative<std::nullptr_t>(v)) {
    out += "\x01N";
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    char buf[40];
    if (std::floor(*d) == *d && std::fabs(*d) < 9e15) std::snprintf(buf, sizeof buf, "%.0f", *d);
    else std::snprintf(buf, sizeof buf, "%.17g", *d);
    out += buf;
  } else {
    out += std::get<std::string>(v);
  }
  out += '\x1f';
}

// Rows and a checksum of the table, read in key order a slice at a time.
std::pair<std::int64_t, std::string> fingerprint(Connection& c, const Table& t) {
  std::string all;
  std::int64_t rows = 0;
  std::string order;
  for (const auto& k : t.key) order += (order.empty() ? "" : ", ") + quoted(k);
  const int slice = 5000;
  for (std::int64_t offset = 0;; offset += slice) {
    auto part = c.query("SELECT " + column_list(t.columns) + " FROM " + quoted(t.name) + " ORDER BY " + order +
                            " LIMIT ? OFFSET ?",
                        {slice, offset});
    for (const auto& r : part) {
      std::string line;
      for (const auto& v : r.cols) canonical(v, line);
      all += crypto::sha256_hex(line);
      ++rows;
    }
    if (static_cast<int>(part.size()) < slice) break;
  }
  return {rows, crypto::sha256_hex(all)};
}

std::set<std::string> target_columns(Connection& c, const std::string& table) {
  std::set<std::string> out;
  for (const auto& r : c.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                               "AND table_name = ?",
                               {table}))
    out.insert(r.str(0));
  return out;
}

}  // namespace

bool derived_table(const std::string& name) {
  return name == "schema_migrations" || name.rfind("search_", 0) == 0;
}

MoveReport move(Database& from, Database& to, const std::function<void(const std::string&)>& progress) {
  if (from.dialect() != Dialect::kSqlite) throw std::runtime_error("the instance to move must be on SQLite");
  if (to.dialect() != Dialect::kPostgres) throw std::runtime_error("the target must be a postgresql:// database");
  auto say = [&](const std::string& s) {
    if (progress) progress(s);
  };
  auto started = std::chrono::steady_clock::now();
  MoveReport report;
  // One read transaction on the source: every table is copied from the same moment, even while
  // the instance keeps serving.
  from.tx(TxKind::kRead, [&](Connection& src) {
    auto tables = source_tables(src);
    to.tx(TxKind::kWrite, [&](Connection& dst) {
      for (const auto& t : tables) {
        auto cols = target_columns(dst, t.name);
        if (cols.empty()) throw std::runtime_error("the target has no table " + t.name + ": run it on the same version");
        for (const auto& col : t.columns)
          if (!cols.count(col)) throw std::runtime_error("the target's table " + t.name + " has no column " + col);
        if (dst.one("SELECT 1 FROM " + quoted(t.name) + " LIMIT 1"))
          throw std::runtime_error("the target is not empty (table " + t.name + " has rows): give an empty database");
      }
      std::vector<Pending> pending;
      std::vector<std::int64_t> copied_rows;
      for (const auto& t : tables) {
        const std::size_t per_batch = std::max<std::size_t>(1, kMaxParams / t.columns.size());
        std::string head = "INSERT INTO " + quoted(t.name) + " (" + column_list(t.columns) + ") VALUES ";
        std::string one = "(";
        for (std::size_t i = 0; i < t.columns.size(); ++i) one += i ? ", ?" : "?";
        one += ")";
        std::string order;
        for (const auto& k : t.key) order += (order.empty() ? "" : ", ") + quoted(k);
        std::int64_t copied = 0;
        const std::size_t slice = per_batch * 4;
        for (std::int64_t offset = 0;; offset += static_cast<std::int64_t>(slice)) {
          auto rows = src.query("SELECT " + column_list(t.columns) + " FROM " + quoted(t.name) + " ORDER BY " + order +
                                    " LIMIT ? OFFSET ?",
                                {static_cast<std::int64_t>(slice), offset});
          for (std::size_t at = 0; at < rows.size(); at += per_batch) {
            auto n = std::min(per_batch, rows.size() - at);
            std::string sql = head;
            Params params;
            params.reserve(n * t.columns.size());
            for (std::size_t r = 0; r < n; ++r) {
              sql += (r ? ", " : "") + one;
              auto& cols = rows[at + r].cols;
              if (!t.deferred.empty()) {
                Pending later{&t, {}, {}};
                for (std::size_t d : t.deferred)
                  if (!std::holds_alternative<std::nullptr_t>(cols[d])) {
                    later.values.emplace_back(d, cols[d]);
                    cols[d] = nullptr;
                  }
                if (!later.values.empty()) {
                  for (const auto& k : t.key) {
                    auto kc = std::find(t.columns.begin(), t.columns.end(), k) - t.columns.begin();
                    later.key.push_back(cols[static_cast<std::size_t>(kc)]);
                  }
                  pending.push_back(std::move(later));
                }
              }
              for (auto& v : cols) {
                Param p(nullptr);
                p.v = std::move(v);
                params.push_back(std::move(p));
              }
            }
            dst.exec(sql, params);
            copied += static_cast<std::int64_t>(n);
          }
          if (rows.size() < slice) break;
        }
        if (t.has_id)
          dst.query("SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM " +
                        quoted(t.name),
                    {t.name});
        report.rows += copied;
        copied_rows.push_back(copied);
        say(t.name + ": " + std::to_string(copied) + " rows copied");
      }
      // The references copied as NULL, now that what they name is there.
      for (const auto& p : pending) {
        std::string sql = "UPDATE " + quoted(p.table->name) + " SET ";
        Params params;
        for (std::size_t i = 0; i < p.values.size(); ++i) {
          sql += (i ? ", " : "") + quoted(p.table->columns[p.values[i].first]) + " = ?";
          Param v(nullptr);
          v.v = p.values[i].second;
          params.push_back(std::move(v));
        }
        sql += " WHERE ";
        for (std::size_t i = 0; i < p.table->key.size(); ++i) {
          sql += (i ? " AND " : "") + quoted(p.table->key[i]) + " = ?";
          Param v(nullptr);
          v.v = p.key[i];
          params.push_back(std::move(v));
        }
        dst.exec(sql, params);
      }
      if (!pending.empty()) say(std::to_string(pending.size()) + " references set after the copy");
      for (std::size_t ti = 0; ti < tables.size(); ++ti) {
        const auto& t = tables[ti];
        auto copied = copied_rows[ti];
        auto [src_rows, src_sum] = fingerprint(src, t);
        auto [dst_rows, dst_sum] = fingerprint(dst, t);
        if (src_rows != dst_rows || src_sum != dst_sum)
          throw std::runtime_error("table " + t.name + " differs after the copy (" + std::to_string(src_rows) + " rows, " +
                                   std::to_string(dst_rows) + " copied): nothing was kept on the target");
        report.tables.push_back({t.name, copied, src_sum});
        say(t.name + ": " + std::to_string(copied) + " rows, checksum " + src_sum.substr(0, 16) + " matches");
      }
    });
  });
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace cityskills::db
