#pragma once
// A person's mark on an item — an idea's support, a practice's "we did this too": one row
// (item, person) in its table, and the item's count of them in a counter column, kept equal.
#include <cstdint>
#include <string>

#include "db/database.hpp"
#include "db/retry.hpp"
#include "util/strings.hpp"

namespace cityskills::db {

// The store's own table and column names (constants, never text from a request).
struct Marks {
  const char* table;        // "idea_supports": (item column, user_id, created_at)
  const char* item_column;  // "idea_id"
  const char* items;        // "ideas"
  const char* counter;      // "supports"
};

// Sets or clears `user_id`'s mark on `item_id` and returns the item's new count, in one write
// transaction retried while the database is busy (concurrent clicks of the same button).
inline std::int64_t set_mark(Database& db, const Marks& m, std::int64_t item_id, std::int64_t user_id, bool on) {
  const std::string table = m.table, item = m.item_column;
  return retry_busy([&] {
    return db.tx(TxKind::kWrite, [&](Tx& c) {
      if (on)
        c.exec("INSERT INTO " + table + " (" + item + ", user_id, created_at) VALUES (?, ?, ?) ON CONFLICT (" + item +
                   ", user_id) DO NOTHING",
               {item_id, user_id, util::now_unix()});
      else
        c.exec("DELETE FROM " + table + " WHERE " + item + " = ? AND user_id = ?", {item_id, user_id});
      auto n = c.one("SELECT COUNT(*) FROM " + table + " WHERE " + item + " = ?", {item_id})->i64(0);
      c.exec(std::string("UPDATE ") + m.items + " SET " + m.counter + " = ? WHERE id = ?", {n, item_id});
      return n;
    });
  });
}

}  // namespace cityskills::db
