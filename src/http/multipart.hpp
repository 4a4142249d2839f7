#pragma once
// multipart/form-data (RFC 7578 over RFC 2046) parsed from a body already in memory.
// Plain code, no Beast: the web layer calls it for routes that accept uploads.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::http {

struct MultipartLimits {
  std::size_t max_parts = 64;
  std::size_t max_part_header_bytes = 4 * 1024;  // one part's header block
};

struct Part {
  std::string name;
  std::optional<std::string> filename;  // present (maybe empty) for file inputs
  std::string content_type;             // as sent, lower-cased; "" when absent
  std::string_view data;                // a view into the body: keep the body alive
};

struct MultipartResult {
  std::vector<Part> parts;
  int status = 0;      // 0 when well-formed; otherwise 400 or 413
  std::string reason;  // short, for logs (never shown to users)
  bool ok() const { return status == 0; }
};

// The boundary parameter of a multipart/form-data Content-Type; nullopt when missing,
// empty, longer than 70 characters or made of characters RFC 2046 does not allow.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Splits `body` into parts. Refuses (400) a missing or bad boundary, a missing closing
// delimiter, a part without `Content-Disposition: form-data; name=...`, a nested multipart
// part, a transfer encoding other than identity; and (413) more than `max_parts` parts or a
// part header block over its limit.
MultipartResult parse_multipart(std::string_view content_type, std::string_view body,
                                const MultipartLimits& limits = {});

}  // namespace cityskills::http
