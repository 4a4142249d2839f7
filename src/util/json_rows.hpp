#pragma once
// Data files compiled into the binary (the demo's events, articles and good practices): a JSON
// array of objects, read with checks. A missing or mistyped field throws std::runtime_error
// naming the file, the row and the field, so a broken data file fails the seeding test.
#include <cstdint>
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

// The rows of the embedded file `path` ("src/features/events/demo/events.json").
std::vector<JsonRow> json_rows(std::string_view path);

}  // namespace cityskills::util
