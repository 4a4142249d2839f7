#pragma once
// Reading rows into a store's plain structs, and the list queries that produce them.
//
// A store names a struct's columns once — its SELECT constant — and reads a row with one call
// that lists the members in the same order (`db::read_as<Idea>(r, &Idea::id, &Idea::org_id, …)`),
// instead of a run of `x.f = r.str(n)` whose numbers must follow the SELECT by hand. A list query
// adds the conditions its filter sets, one fixed order and a page; values are always bound and
// column names and orders are the store's own constants, never text from a request.
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "db/database.hpp"

namespace cityskills::db {

namespace detail {

template <class V>
V column(const Row& r, std::size_t i) {
  if constexpr (std::is_same_v<V, std::string>) {
    return r.str(i);
  } else if constexpr (std::is_same_v<V, std::optional<std::string>>) {
    return r.opt_str(i);
  } else if constexpr (std::is_same_v<V, std::optional<std::int64_t>>) {
    return r.opt_i64(i);
  } else if constexpr (std::is_same_v<V, bool>) {
    return r.i64(i) != 0;
  } else if constexpr (std::is_floating_point_v<V>) {
    return static_cast<V>(r.f64(i));
  } else {
    static_assert(std::is_integral_v<V>, "a column reads into text, a number, a flag or an optional of them");
    return static_cast<V>(r.i64(i));
  }
}

}  // namespace detail

// Sets `out`'s members from the row's columns, starting at column `first`: the n-th member named
// from the n-th column. A flag (bool) is a column that is not 0; text is "" for NULL.
template <class T, class... M>
void read_into(const Row& r, std::size_t first, T& out, M T::*... members) {
  std::size_t i = first;
  ((out.*members = detail::column<M>(r, i++)), ...);
}

// A struct read from the row's columns in the order the members are named.
template <class T, class... M>
T read_as(const Row& r, M T::*... members) {
  T out{};
  read_into(r, 0, out, members...);
  return out;
}

// Every row read with `read`.
template <class F>
auto read_all(const Rows& rows, F&& read) {
  std::vector<std::decay_t<decltype(read(std::declval<const Row&>()))>> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(read(r));
  return out;
}

// The row read with `read`, or nothing when there was none.
template <class F>
auto read_one(const std::optional<Row>& row, F&& read) {
  using T = std::decay_t<decltype(read(std::declval<const Row&>()))>;
  if (!row) return std::optional<T>();
  return std::optional<T>(read(*row));
}

// The first column of the row as an id, or nothing when there was no row (an INSERT … ON CONFLICT
// DO NOTHING RETURNING id that met an existing row, a look-up that found none).
inline std::optional<std::int64_t> id_of(const std::optional<Row>& row) {
  if (!row) return std::nullopt;
  return row->i64(0);
}

// NULL for an empty text: an optional column the form left blank.
inline std::optional<std::string> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// A list query: a SELECT, the conditions a filter sets, one order and a page.
class ListQuery {
 public:
  // `select` ends before its WHERE (a trailing space is not needed).
  explicit ListQuery(std::string_view select) : sql_(select) {}

  // Adds a condition (joined with AND) with its '?' placeholders bound to `values`.
  ListQuery& where(std::string_view condition, const Params& values = {}) {
    sql_ += has_where_ ? " AND " : " WHERE ";
    has_where_ = true;
    sql_ += condition;
    params_.insert(params_.end(), values.begin(), values.end());
    return *this;
  }
  // `column = ?` when the filter sets the value: a text that is not empty, an optional that is set.
  ListQuery& equals(std::string_view column, const std::string& value) {
    if (value.empty()) return *this;
    return where(std::string(column) + " = ?", {value});
  }
  template <class V>
  ListQuery& equals(std::string_view column, const std::optional<V>& value) {
    if (!value) return *this;
    return where(std::string(column) + " = ?", {*value});
  }
  // One of the store's fixed orders ("x.created_at DESC, x.id DESC").
  ListQuery& order_by(std::string_view order) {
    sql_ += " ORDER BY ";
    sql_ += order;
    return *this;
  }
  ListQuery& page(int limit, int offset) {
    sql_ += " LIMIT ? OFFSET ?";
    params_.emplace_back(limit);
    params_.emplace_back(offset);
    return *this;
  }

  const std::string& sql() const { return sql_; }
  const Params& params() const { return params_; }
  Rows run(Connection& c) const { return c.query(sql_, params_); }

 private:
  std::string sql_;
  Params params_;
  bool has_where_ = false;
};

}  // namespace cityskills::db
