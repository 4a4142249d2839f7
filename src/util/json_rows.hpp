#pragma once
// Data files compiled into the binary (the demo's events, articles and good practices): a JSON
// array of objects, read with checks. A missing or mistyped field throws std::runtime_error
// naming the file, the row and the field, so a broken data file fails the seeding test.
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::util {

class JsonRow {
 public:
  struct Data;
  JsonRow(std::shared_ptr<const Data> data, std::string where);
  // A text; absent or empty is an error unless `optional` (then "").
  std::string text(const std::string& key, bool optional = false) const;
  std::int64_t integer(const std::string& key) const;
  // true/false; absent is false.
  bool flag(const std::string& key) const;
  // A list of texts; absent is an empty list.
  std::vector<std::string> texts(const std::string& key) const;
  bool has(const std::string& key) const;
  // A nested object, and a nested list of objects (absent: none).
  JsonRow object(const std::string& key) const;
  std::vector<JsonRow> rows(const std::string& key) const;

 private:
  std::shared_ptr<const Data> data_;
  std::string where_;
};

// A text member of a demo struct and the key it is read from; absent or empty is an error
// unless `optional` (then "").
template <class T>
struct TextField {
  const char* key;
  std::string T::*member;
  bool optional = false;
};

// Sets each named member of `out` from its key in `row`, in the order named: one call instead
// of a run of `out.f = row.text("f")`.
template <class T>
void read_texts(const JsonRow& row, T& out, std::initializer_list<TextField<T>> fields) {
  for (const auto& f : fields) out.*f.member = row.text(f.key, f.optional);
}

// The rows of the embedded file `path` ("src/features/events/demo/events.json").
std::vector<JsonRow> json_rows(std::string_view path);

}  // namespace cityskills::util
