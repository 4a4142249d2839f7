#pragma once
// CSV for spreadsheets (RFC 4180 quoting, CRLF rows, a UTF-8 byte-order mark for Excel).
#include <string>
#include <string_view>

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

}  // namespace cityskills::view
