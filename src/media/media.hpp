#pragma once
// Uploaded files: checked (type by magic bytes, size per type, names, archives, images,
// captions), stored once per content under <data_dir>/media/ab/cdef..., described by a row
// of the `media` table, and served with ETag and Range. Who may upload or see a file is
// decided by the feature that uses it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "http/message.hpp"

namespace cityskills::media {

enum class Kind { kVideo, kCaptions, kImage, kDocument };
std::string_view kind_name(Kind k);

// What one use accepts: file extensions (lower-case, no dot) and the largest size per kind.
struct Policy {
  std::vector<std::string> extensions;
  std::map<Kind, std::size_t> max_bytes;
  // Total bytes one person may have uploaded (all uses together); 0: no limit.
  std::int64_t user_quota_bytes = 0;
};
// Presets: lesson videos (mp4, webm), captions (vtt), images (png, jpg, jpeg, webp) and
// documents (pdf, odt, ods, docx, xlsx, csv, txt, json).
Policy video_policy();
Policy captions_policy();
Policy image_policy();
Policy document_policy();
// Several presets together (their extensions and limits).
Policy combine(std::initializer_list<Policy> policies);

struct Input {
  std::string_view filename;  // as sent by the browser: untrusted
  std::string_view data;
};

struct Item {
  std::int64_t id = 0;
  std::optional<std::int64_t> org_id;
  std::string sha256, kind, mime, name, status, error;
  std::int64_t size = 0, created_at = 0;
  std::optional<std::int64_t> created_by, duration_seconds, poster_id;
};

// A refusal carries the HTTP status and a translated message key with its arguments.
struct Result {
  std::optional<Item> item;
  int status = 0;
  std::string error_key;
  std::vector<std::pair<std::string, std::string>> args;
  bool ok() const { return item.has_value(); }
};

// Checks `in` against `policy` and stores it:
//   extension not allowed -> 415 listing the allowed types; content not matching it
//   (magic bytes) or looking like HTML as well -> 415; over the size for its kind -> 413
//   "maximum N MB"; over the uploader's quota -> 507; empty -> 422; malformed captions, text that is not UTF-8, images over
//   10,000 x 10,000 pixels, unsafe office archives, the EICAR test signature -> 422.
// Names with path separators, "..", control characters, bidi overrides, reserved device
// names or over 255 bytes get a generated display name; the stored name is always the hash.
Result store(db::Database& db, const std::string& data_dir, const Input& in, const Policy& policy,
             std::optional<std::int64_t> org_id, std::optional<std::int64_t> user_id);

// The checks of store() but the uploader's quota, writing nothing (an import that must vet
// every file before it stores any): the refusal, or nullopt when `in` would be accepted.
std::optional<Result> check(const Input& in, const Policy& policy);

std::optional<Item> find(db::Connection& c, std::int64_t id);
// Deletes the row, and the file when no other row shares its content.
void remove(db::Database& db, const std::string& data_dir, std::int64_t id);
// Where the bytes of `sha256` live.
std::string path_for(const std::string& data_dir, std::string_view sha256);

// A display name safe to show and to put in Content-Disposition; `fallback_ext` names a
// generated file when nothing usable is left.
std::string sanitise_name(std::string_view name, std::string_view fallback_ext);

// Answers GET/HEAD for a stored file: its detected type, Content-Disposition (inline for
// video, images, captions and PDF, attachment otherwise or when `force_download`), ETag and
// 304, a single Range (206, 416), nosniff. The body is streamed from disk by the server.
http::Response respond(const Item& item, const std::string& data_dir, const http::Request& req,
                       bool force_download = false);

// Pixel size read from a PNG, JPEG or WebP header without decoding; nullopt if unreadable.
std::optional<std::pair<std::uint32_t, std::uint32_t>> image_size(std::string_view data);
// Office documents are zip files: a reason key when the central directory is unsafe.
std::optional<std::string> check_zip(std::string_view data);

}  // namespace cityskills::media
