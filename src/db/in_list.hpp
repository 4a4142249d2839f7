#pragma once
// The placeholders of an IN (...) list: "?, ?, ?" for the values, each appended to `params`.
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::db {

// "?, ?, ?": `n` placeholders, for values the caller binds itself.
inline std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

template <class T>
std::string in_list(const std::vector<T>& values, Params& params) {
  std::string out;
  for (const auto& v : values) {
    out += out.empty() ? "?" : ", ?";
    params.emplace_back(v);
  }
  return out;
}

}  // namespace cityskills::db
