#include "media/media.hpp"

#include "db/rows.hpp"

#include <fcntl.h>
#include <magic.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <boost/json.hpp>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "http/static_files.hpp"
#include "http/url.hpp"
#include "media/inspect.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::media {
namespace fs = std::filesystem;

namespace {

using namespace detail;

std::string hex_name() { return crypto::random_token(6); }

bool reserved_device(std::string_view stem) {
  auto s = util::to_lower(stem);
  if (s == "con" || s == "prn" || s == "aux" || s == "nul") return true;
  if (s.size() == 4 && (s.starts_with("com") || s.starts_with("lpt")) && s[3] >= '1' && s[3] <= '9') return true;
  return false;
}

// A full disk (or quota) is the same answer as a database on a full disk: 507, try later.
[[noreturn]] void fail_write(const std::string& what, int err) {
  if (err == ENOSPC || err == EDQUOT || err == EFBIG)
    throw db::Unavailable(db::Error::Kind::kStorageFull, what + ": " + std::strerror(err));
  throw std::runtime_error(what + (err ? std::string(": ") + std::strerror(err) : std::string()));
}

// Writes the file under a temporary name in the same folder, syncs, then renames, so a crash
// never leaves a half-written file under a content hash. On a folder shared by several nodes
// (NFS, CephFS) the temporary name is unique to this write, and rename is atomic on the
// server: two nodes storing the same content at once both rename identical bytes onto the
// same name, and a reader on any node sees the whole file or none. The folder is synced too,
// so that the name survives a crash of the file server once the upload was acknowledged.
void write_atomically(const fs::path& target, std::string_view data) {
  fs::create_directories(target.parent_path());
  auto tmp = target.string() + ".tmp-" + hex_name();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("media: cannot create " + tmp);
  std::size_t done = 0;
  while (done < data.size()) {
    auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      fail_write("media: cannot write " + tmp, err);
    }
    done += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  int err = synced ? 0 : errno;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), target.c_str()) != 0) {
    if (synced) err = errno;
    ::unlink(tmp.c_str());
    fail_write("media: cannot store " + target.string(), err);
  }
  int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

Item to_item(const db::Row& r) {
  return db::read_as<Item>(r, &Item::id, &Item::org_id, &Item::sha256, &Item::kind, &Item::mime, &Item::size,
                           &Item::name, &Item::created_by, &Item::status, &Item::error, &Item::duration_seconds,
                           &Item::poster_id, &Item::created_at);
}

}  // namespace

using namespace detail;


std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::kVideo: return "video";
    case Kind::kCaptions: return "captions";
    case Kind::kImage: return "image";
    case Kind::kDocument: return "document";
  }
  return "document";
}

Policy video_policy() { return {{"mp4", "webm"}, {{Kind::kVideo, 500 * kMB}}}; }
Policy captions_policy() { return {{"vtt"}, {{Kind::kCaptions, kMB}}}; }
Policy image_policy() { return {{"png", "jpg", "jpeg", "webp"}, {{Kind::kImage, 10 * kMB}}}; }
Policy document_policy() {
  return {{"pdf", "odt", "ods", "docx", "xlsx", "csv", "txt", "json"}, {{Kind::kDocument, 20 * kMB}}};
}

Policy combine(std::initializer_list<Policy> policies) {
  Policy out;
  for (const auto& p : policies) {
    out.extensions.insert(out.extensions.end(), p.extensions.begin(), p.extensions.end());
    for (const auto& [k, v] : p.max_bytes) out.max_bytes[k] = v;
  }
  return out;
}

std::string path_for(const std::string& data_dir, std::string_view sha256) {
  return (fs::path(data_dir) / "media" / std::string(sha256.substr(0, 2)) / std::string(sha256.substr(2))).string();
}

std::string sanitise_name(std::string_view name, std::string_view fallback_ext) {
  auto generated = [&] { return "file-" + hex_name() + (fallback_ext.empty() ? "" : "." + std::string(fallback_ext)); };
  if (!util::valid_utf8(name)) return generated();
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(name[i + k]) & 0x3F);
    auto bytes = name.substr(i, len);
    i += len;
    bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
    bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
                cp == 0x061C;
    bool invisible = (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
    if (control || bidi || invisible) continue;
    if (cp == '/' || cp == '\\' || cp == ':' || cp == '*' || cp == '?' || cp == '"' || cp == '<' || cp == '>' ||
        cp == '|') {
      out += '_';
      continue;
    }
    if (cp == '.' && !out.empty() && out.back() == '.') continue;  // ".." never survives
    out += bytes;
  }
  auto first = out.find_first_not_of(". ");
  auto last = out.find_last_not_of(". ");
  out = first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
  auto dot = out.rfind('.');
  std::string stem = out.substr(0, dot), ext = dot == std::string::npos ? "" : out.substr(dot);
  if (stem.empty() || reserved_device(stem)) return generated();
  if (!fallback_ext.empty() && util::to_lower(ext) != "." + std::string(fallback_ext)) return generated();
  // At most 255 bytes, cut on a character boundary and keeping the extension.
  if (out.size() > 255) {
    if (ext.size() > 16) return generated();
    std::size_t keep = 255 - ext.size();
    while (keep > 0 && (static_cast<unsigned char>(stem[keep]) & 0xC0) == 0x80) --keep;
    out = stem.substr(0, keep) + ext;
  }
  return out;
}

Result store(db::Database& db, const std::string& data_dir, const Input& in, const Policy& policy,
             std::optional<std::int64_t> org_id, std::optional<std::int64_t> user_id) {
  if (auto bad = check_shape(in, policy)) return *bad;
  auto ext = extension(in.filename);
  auto display = sanitise_name(in.filename, ext);
  const Type* t = type_of(ext);
  if (policy.user_quota_bytes > 0 && user_id) {
    // Checked before storing, not inside one transaction: two simultaneous uploads may pass
    // the quota by one file, which is acceptable for a storage budget.
    auto c = db.acquire();
    auto used = c->one("SELECT COALESCE(SUM(size), 0) FROM media WHERE created_by = ?", {*user_id})->i64(0);
    if (used + static_cast<std::int64_t>(in.data.size()) > policy.user_quota_bytes)
      return refuse(507, "media.quota", {{"max", std::to_string(policy.user_quota_bytes / static_cast<std::int64_t>(kMB))}});
  }
  if (auto bad = check_content(in.data, *t)) return *bad;

  Item item;
  item.sha256 = crypto::sha256_hex(in.data);
  item.kind = std::string(kind_name(t->kind));
  item.mime = std::string(t->mime);
  item.size = static_cast<std::int64_t>(in.data.size());
  item.name = display;
  item.org_id = org_id;
  item.created_by = user_id;
  item.status = "ready";
  if (t->ext == "mp4") item.duration_seconds = mp4_duration(in.data);
  fs::path target = path_for(data_dir, item.sha256);
  std::error_code ec;
  if (!fs::exists(target, ec) || fs::file_size(target, ec) != in.data.size()) write_atomically(target, in.data);
  auto now = util::now_unix();
  item.created_at = now;
  {
    auto c = db.acquire();
    item.id = c->insert(
        "INSERT INTO media (org_id, sha256, kind, mime, size, name, created_by, status, duration_seconds, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'ready', ?, ?, ?) RETURNING id",
        {org_id, item.sha256, item.kind, item.mime, item.size, item.name, user_id, item.duration_seconds, now, now});
  }
  // remove() of another row with the same content may have unlinked the file in between.
  if (!fs::exists(target, ec)) write_atomically(target, in.data);
  log::info("media stored", "\"media_id\":" + std::to_string(item.id) + ",\"kind\":\"" + item.kind +
                                "\",\"bytes\":" + std::to_string(item.size));
  Result r;
  r.item = std::move(item);
  return r;
}

std::optional<Item> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one("SELECT id, org_id, sha256, kind, mime, size, name, created_by, status, COALESCE(error, "
                            "''), duration_seconds, "
                            "poster_id, created_at FROM media WHERE id = ?",
                            {id}),
                      to_item);
}

void remove(db::Database& db, const std::string& data_dir, std::int64_t id) {
  auto orphan = db.tx(db::TxKind::kWrite, [&](db::Connection& c) -> std::optional<std::string> {
    auto row = c.one("SELECT sha256 FROM media WHERE id = ?", {id});
    if (!row) return std::nullopt;
    c.exec("DELETE FROM media WHERE id = ?", {id});
    if (c.one("SELECT 1 FROM media WHERE sha256 = ?", {row->str(0)})) return std::nullopt;
    return row->str(0);
  });
  if (orphan) {
    std::error_code ec;
    fs::remove(path_for(data_dir, *orphan), ec);
  }
}

namespace {
std::string content_disposition(const Item& item, bool attachment) {
  std::string ascii;
  for (unsigned char c : item.name)
    ascii += (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '%' || c == ';') ? '_' : static_cast<char>(c);
  return std::string(attachment ? "attachment" : "inline") + "; filename=\"" + ascii +
         "\"; filename*=UTF-8''" + http::percent_encode(item.name);
}
}  // namespace

http::Response respond(const Item& item, const std::string& data_dir, const http::Request& req, bool force_download) {
  http::Response r;
  std::string etag = "\"" + item.sha256.substr(0, 32) + "\"";
  // A PDF is always a download: shown inline it would run in the site's origin with the
  // browser's PDF viewer (scripts, forms, links) on a file anyone signed in may upload.
  bool inline_ok = item.kind == "video" || item.kind == "image" || item.kind == "captions";
  r.set("content-type", item.mime.starts_with("text/") ? item.mime + "; charset=utf-8" : item.mime);
  r.set("content-disposition", content_disposition(item, force_download || !inline_ok));
  r.set("etag", etag);
  r.set("accept-ranges", "bytes");
  r.set("cache-control", "private, no-cache");
  r.set("x-content-type-options", "nosniff");
  auto inm = req.header("if-none-match");
  if (!inm.empty() && (inm == "*" || inm.find(etag) != std::string_view::npos)) {
    r.status = 304;
    return r;
  }
  auto size = static_cast<std::size_t>(item.size);
  auto path = path_for(data_dir, item.sha256);
  auto range = req.header("range");
  auto if_range = req.header("if-range");
  if (!range.empty() && (if_range.empty() || if_range == etag)) {
    bool unsatisfiable = false;
    auto rg = http::parse_range(range, size, unsatisfiable);
    if (unsatisfiable) {
      r.status = 416;
      r.set("content-range", "bytes */" + std::to_string(size));
      return r;
    }
    if (rg) {
      r.status = 206;
      r.set("content-range", "bytes " + std::to_string(rg->first) + "-" + std::to_string(rg->second) + "/" +
                                 std::to_string(size));
      r.file = http::FileBody{path, rg->first, rg->second - rg->first + 1};
      return r;
    }
  }
  r.file = http::FileBody{path, 0, size};
  return r;
}

}  // namespace cityskills::media

