#pragma once
// CSV for spreadsheets (RFC 4180 quoting, CRLF rows, a UTF-8 byte-order mark for Excel).
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace cityskills::view {

// One quoted cell; a cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
// is neutralised with a leading apostrophe.
inline std::string csv_cell(std::string_view s) {
  std::string out = "\"";
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) out += '\'';
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

// A cell of a row: text is quoted (csv_cell), a number written as it is, nothing left empty.
struct CsvCell {
  std::string text;
  CsvCell(std::string_view s) : text(csv_cell(s)) {}
  CsvCell(const std::string& s) : text(csv_cell(s)) {}
  CsvCell(const char* s) : text(csv_cell(s)) {}
  CsvCell(std::integral auto n) : text(std::to_string(n)) {}
  CsvCell(std::nullopt_t) {}
  template <typename T>
  CsvCell(const std::optional<T>& v) : text(v ? CsvCell(*v).text : std::string()) {}
};

// One line: the cells joined by commas, ended by CRLF.
inline std::string csv_row(const std::vector<CsvCell>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) (out += i ? "," : "") += cells[i].text;
  return out + "\r\n";
}

// The rows as a file to download: UTF-8 with its byte-order mark, never cached.
inline http::Response csv_download(const std::string& rows, std::string_view filename) {
  auto res = http::Response::text(200, std::string(kCsvBom) + rows, "text/csv; charset=utf-8");
  res.set("content-disposition", "attachment; filename=\"" + std::string(filename) + "\"");
  res.set("cache-control", "no-store");
  return res;
}

}  // namespace cityskills::view
