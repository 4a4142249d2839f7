#include "media/media.hpp"

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
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::media {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMB = 1024 * 1024;
constexpr std::uint32_t kMaxPixels = 10000;       // per side, checked before any decoding
constexpr std::size_t kZipMaxEntries = 2000;
constexpr std::uint64_t kZipMaxUncompressed = 200 * kMB;
constexpr std::size_t kMagicWindow = kMB;         // libmagic looks at the head only

struct Type {
  std::string_view ext;
  Kind kind;
  std::string_view mime;                       // what we store and serve
  std::vector<std::string_view> detected;      // libmagic answers that match the extension
};

const std::vector<Type>& types() {
  static const std::vector<Type> t = {
      {"mp4", Kind::kVideo, "video/mp4", {"video/mp4", "video/x-m4v"}},
      {"webm", Kind::kVideo, "video/webm", {"video/webm"}},
      {"vtt", Kind::kCaptions, "text/vtt", {"text/vtt", "text/plain"}},
      {"png", Kind::kImage, "image/png", {"image/png"}},
      {"jpg", Kind::kImage, "image/jpeg", {"image/jpeg"}},
      {"jpeg", Kind::kImage, "image/jpeg", {"image/jpeg"}},
      {"webp", Kind::kImage, "image/webp", {"image/webp"}},
      {"pdf", Kind::kDocument, "application/pdf", {"application/pdf"}},
      {"odt", Kind::kDocument, "application/vnd.oasis.opendocument.text", {"application/vnd.oasis.opendocument.text"}},
      {"ods", Kind::kDocument, "application/vnd.oasis.opendocument.spreadsheet",
       {"application/vnd.oasis.opendocument.spreadsheet"}},
      {"docx", Kind::kDocument, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"}},
      {"xlsx", Kind::kDocument, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"}},
      {"csv", Kind::kDocument, "text/csv", {"text/csv", "text/plain"}},
      {"txt", Kind::kDocument, "text/plain", {"text/plain"}},
      {"json", Kind::kDocument, "application/json", {"application/json", "text/plain"}},
  };
  return t;
}

const Type* type_of(std::string_view ext) {
  for (const auto& t : types())
    if (t.ext == ext) return &t;
  return nullptr;
}

bool zip_based(std::string_view ext) { return ext == "odt" || ext == "ods" || ext == "docx" || ext == "xlsx"; }
bool text_based(std::string_view ext) { return ext == "vtt" || ext == "csv" || ext == "txt" || ext == "json"; }

// libmagic is not thread-safe per handle; one shared handle behind a lock keeps memory at
// one copy of the 8 MB database, and a lookup on the first megabyte takes well under a ms.
std::string detect_mime(std::string_view data) {
  static std::mutex mu;
  static magic_t cookie = [] {
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_TAR);
    if (!m || magic_load(m, nullptr) != 0) throw std::runtime_error("libmagic: cannot load its database");
    return m;
  }();
  std::lock_guard lock(mu);
  const char* r = magic_buffer(cookie, data.data(), std::min(data.size(), kMagicWindow));
  return r ? std::string(r) : std::string();
}

std::uint32_t be32(std::string_view d, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(d[i + k])); };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}
std::uint16_t be16(std::string_view d, std::size_t i) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(d[i]) << 8) | static_cast<unsigned char>(d[i + 1]));
}
std::uint32_t le(std::string_view d, std::size_t i, int n) {
  std::uint32_t v = 0;
  for (int k = n - 1; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(d[i + static_cast<std::size_t>(k)]);
  return v;
}
std::uint64_t be64(std::string_view d, std::size_t i) {
  return (static_cast<std::uint64_t>(be32(d, i)) << 32) | be32(d, i + 4);
}

bool icontains(std::string_view hay, std::string_view needle) {
  return util::to_lower(hay).find(needle) != std::string::npos;
}

// A file that is also something else: HTML at its head, or a zip appended to an image or a
// video (GIFAR-style), so that another program could read it differently.
bool polyglot(std::string_view data, std::string_view ext) {
  if (text_based(ext)) return false;
  auto head = data.substr(0, 1024);
  if (icontains(head, "<html") || icontains(head, "<script") || icontains(head, "<!doctype") || icontains(head, "<svg") ||
      icontains(head, "<?php"))
    return true;
  if (!zip_based(ext)) {
    auto tail = data.substr(data.size() > 65 * 1024 ? data.size() - 65 * 1024 : 0);
    if (tail.find(std::string_view("PK\x05\x06", 4)) != std::string_view::npos) return true;
  }
  return false;
}

bool looks_like_eicar(std::string_view data) {
  return data.size() <= 4096 && data.find("EICAR-STANDARD-ANTIVIRUS-TEST-FILE") != std::string_view::npos;
}

std::optional<std::string> check_text(std::string_view data, std::string_view ext) {
  if (data.starts_with("\xEF\xBB\xBF")) data.remove_prefix(3);
  if (!util::valid_utf8(data) || data.find('\0') != std::string_view::npos) return "media.text_encoding";
  if (ext == "vtt") {
    // "WEBVTT" then a space, tab or line break, or nothing (WebVTT 4.1).
    if (!data.starts_with("WEBVTT")) return "media.captions_invalid";
    if (data.size() > 6 && data[6] != ' ' && data[6] != '\t' && data[6] != '\n' && data[6] != '\r')
      return "media.captions_invalid";
  }
  if (ext == "json") {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(boost::json::string_view(data.data(), data.size()), ec);
    (void)parsed;
    if (ec) return "media.json_invalid";
  }
  return std::nullopt;
}

// Walks the central directory; fills `names` and returns a reason key when it is unsafe.
std::optional<std::string> walk_zip(std::string_view d, std::vector<std::string>* names) {
  if (d.size() < 22) return "media.archive_invalid";
  std::size_t eocd = std::string_view::npos;
  std::size_t lowest = d.size() > 22 + 65535 ? d.size() - 22 - 65535 : 0;
  for (std::size_t i = d.size() - 22 + 1; i-- > lowest;)
    if (d.substr(i, 4) == std::string_view("PK\x05\x06", 4)) { eocd = i; break; }
  if (eocd == std::string_view::npos) return "media.archive_invalid";
  std::uint32_t entries = le(d, eocd + 10, 2), cd_size = le(d, eocd + 12, 4), cd_off = le(d, eocd + 16, 4);
  // ZIP64 markers: office documents never need them.
  if (entries == 0xFFFF || cd_size == 0xFFFFFFFF || cd_off == 0xFFFFFFFF) return "media.archive_invalid";
  if (static_cast<std::uint64_t>(cd_off) + cd_size > eocd) return "media.archive_invalid";
  if (entries > kZipMaxEntries) return "media.archive_too_many";
  std::uint64_t total = 0;
  std::size_t p = cd_off, seen = 0;
  while (p < static_cast<std::size_t>(cd_off) + cd_size) {
    if (p + 46 > eocd || d.substr(p, 4) != std::string_view("PK\x01\x02", 4)) return "media.archive_invalid";
    std::uint32_t made_by = le(d, p + 4, 2), method = le(d, p + 10, 2), usize = le(d, p + 24, 4);
    std::uint32_t nlen = le(d, p + 28, 2), xlen = le(d, p + 30, 2), clen = le(d, p + 32, 2);
    std::uint32_t attrs = le(d, p + 38, 4), local = le(d, p + 42, 4);
    if (p + 46 + nlen > eocd) return "media.archive_invalid";
    std::string name(d.substr(p + 46, nlen));
    if (++seen > kZipMaxEntries) return "media.archive_too_many";
    total += usize;
    if (usize == 0xFFFFFFFF || total > kZipMaxUncompressed) return "media.archive_too_large";
    if ((made_by >> 8) == 3 && ((attrs >> 16) & 0170000) == 0120000) return "media.archive_symlink";
    if (name.empty() || name[0] == '/' || name.find('\\') != std::string::npos || name.find("..") != std::string::npos ||
        name.find('\0') != std::string::npos)
      return "media.archive_invalid";
    auto lower = util::to_lower(name);
    for (std::string_view a : {".zip", ".jar", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".cab", ".docx",
                               ".xlsx", ".odt", ".ods"})
      if (lower.ends_with(a)) return "media.archive_nested";
    // A stored entry is its own bytes: an archive inside shows its signature.
    if (method == 0 && local + 30 <= d.size() && d.substr(local, 4) == std::string_view("PK\x03\x04", 4)) {
      std::size_t data_at = local + 30 + le(d, local + 26, 2) + le(d, local + 28, 2);
      if (data_at + 4 <= d.size() && d.substr(data_at, 4) == std::string_view("PK\x03\x04", 4))
        return "media.archive_nested";
    }
    if (names) names->push_back(std::move(name));
    p += 46 + nlen + xlen + clen;
  }
  if (seen != entries) return "media.archive_invalid";
  return std::nullopt;
}

// A zip is only a document of its kind with the parts that kind requires.
bool office_layout(const std::vector<std::string>& names, std::string_view ext) {
  auto has = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  return (ext == "docx" && has("[Content_Types].xml") && has("word/document.xml")) ||
         (ext == "xlsx" && has("[Content_Types].xml") && has("xl/workbook.xml")) ||
         ((ext == "odt" || ext == "ods") && has("mimetype"));
}

// The movie header's duration (ISO BMFF moov/mvhd), walking boxes rather than searching bytes.
std::optional<std::int64_t> mp4_duration(std::string_view d) {
  auto find_box = [&](std::size_t from, std::size_t to, std::string_view type) -> std::optional<std::pair<std::size_t, std::size_t>> {
    std::size_t p = from;
    while (p + 8 <= to) {
      std::uint64_t size = be32(d, p);
      std::size_t header = 8;
      if (size == 1) {
        if (p + 16 > to) return std::nullopt;
        size = be64(d, p + 8);
        header = 16;
      } else if (size == 0) {
        size = to - p;
      }
      if (size < header || size > to - p) return std::nullopt;
      if (d.substr(p + 4, 4) == type) return std::make_pair(p + header, p + static_cast<std::size_t>(size));
      p += static_cast<std::size_t>(size);
    }
    return std::nullopt;
  };
  auto moov = find_box(0, d.size(), "moov");
  if (!moov) return std::nullopt;
  auto mvhd = find_box(moov->first, moov->second, "mvhd");
  if (!mvhd) return std::nullopt;
  std::size_t p = mvhd->first;
  if (p + 32 > mvhd->second) return std::nullopt;
  bool v1 = d[p] == 1;
  std::uint64_t scale = v1 ? be32(d, p + 20) : be32(d, p + 12);
  std::uint64_t dur = v1 ? be64(d, p + 24) : be32(d, p + 16);
  if (scale == 0) return std::nullopt;
  return static_cast<std::int64_t>(dur / scale);
}

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

// The lower-case extension of a raw name: letters and digits after the last dot, else "".
std::string extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || name.size() - dot - 1 > 10) return "";
  auto ext = util::to_lower(name.substr(dot + 1));
  for (char c : ext)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return "";
  return ext;
}

Item to_item(const db::Row& r) {
  Item i;
  i.id = r.i64(0);
  i.org_id = r.opt_i64(1);
  i.sha256 = r.str(2);
  i.kind = r.str(3);
  i.mime = r.str(4);
  i.size = r.i64(5);
  i.name = r.str(6);
  i.created_by = r.opt_i64(7);
  i.status = r.str(8);
  i.error = r.str(9);
  i.duration_seconds = r.opt_i64(10);
  i.poster_id = r.opt_i64(11);
  i.created_at = r.i64(12);
  return i;
}

Result refuse(int status, std::string key, std::vector<std::pair<std::string, std::string>> args = {}) {
  Result r;
  r.status = status;
  r.error_key = std::move(key);
  r.args = std::move(args);
  return r;
}

std::string allowed_list(const Policy& p) {
  std::string out;
  for (const auto& e : p.extensions) out += (out.empty() ? "" : ", ") + e;
  return out;
}

// Checks the content against its extension and kind; a refusal, or nullopt when acceptable.
std::optional<Result> check_content(std::string_view data, const Type& t) {
  auto detected = detect_mime(data);
  if (std::find(t.detected.begin(), t.detected.end(), detected) == t.detected.end())
    return refuse(415, "media.content_mismatch", {{"type", std::string(t.ext)}});
  if (polyglot(data, t.ext)) return refuse(415, "media.content_mismatch", {{"type", std::string(t.ext)}});
  if (looks_like_eicar(data)) return refuse(422, "media.virus");
  if (text_based(t.ext))
    if (auto bad = check_text(data, t.ext)) return refuse(422, *bad);
  if (t.kind == Kind::kImage) {
    auto size = image_size(data);
    if (!size) return refuse(415, "media.content_mismatch", {{"type", std::string(t.ext)}});
    if (size->first > kMaxPixels || size->second > kMaxPixels)
      return refuse(422, "media.image_too_large", {{"max", std::to_string(kMaxPixels)}});
  }
  if (zip_based(t.ext)) {
    std::vector<std::string> names;
    if (auto bad = walk_zip(data, &names))
      return refuse(422, *bad, {{"max_entries", std::to_string(kZipMaxEntries)},
                                {"max_mb", std::to_string(kZipMaxUncompressed / kMB)}});
    if (!office_layout(names, t.ext)) return refuse(415, "media.content_mismatch", {{"type", std::string(t.ext)}});
  }
  return std::nullopt;
}

}  // namespace

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

std::optional<std::pair<std::uint32_t, std::uint32_t>> image_size(std::string_view d) {
  if (d.size() >= 24 && d.starts_with("\x89PNG\r\n\x1a\n") && d.substr(12, 4) == "IHDR")
    return std::make_pair(be32(d, 16), be32(d, 20));
  if (d.size() >= 4 && d.starts_with("\xFF\xD8")) {
    std::size_t p = 2;
    while (p + 4 <= d.size()) {
      if (static_cast<unsigned char>(d[p]) != 0xFF) return std::nullopt;
      auto marker = static_cast<unsigned char>(d[p + 1]);
      if (marker == 0xFF) { ++p; continue; }  // fill byte
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { p += 2; continue; }
      if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // end, or scan data before any frame
      std::size_t len = be16(d, p + 2);
      bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        if (p + 9 > d.size()) return std::nullopt;
        return std::make_pair(static_cast<std::uint32_t>(be16(d, p + 7)), static_cast<std::uint32_t>(be16(d, p + 5)));
      }
      if (len < 2) return std::nullopt;
      p += 2 + len;
    }
    return std::nullopt;
  }
  if (d.size() >= 30 && d.starts_with("RIFF") && d.substr(8, 4) == "WEBP") {
    auto chunk = d.substr(12, 4);
    if (chunk == "VP8 " && d.substr(23, 3) == "\x9d\x01\x2a")
      return std::make_pair(le(d, 26, 2) & 0x3FFF, le(d, 28, 2) & 0x3FFF);
    if (chunk == "VP8L" && static_cast<unsigned char>(d[20]) == 0x2F) {
      auto b = le(d, 21, 4);
      return std::make_pair((b & 0x3FFF) + 1, ((b >> 14) & 0x3FFF) + 1);
    }
    if (chunk == "VP8X") return std::make_pair(le(d, 24, 3) + 1, le(d, 27, 3) + 1);
  }
  return std::nullopt;
}

std::optional<std::string> check_zip(std::string_view data) { return walk_zip(data, nullptr); }

namespace {
// Not empty, an extension on the policy, within the size for its kind.
std::optional<Result> check_shape(const Input& in, const Policy& policy) {
  if (in.data.empty()) return refuse(422, "media.empty");
  auto ext = extension(in.filename);
  const Type* t = type_of(ext);
  if (!t || std::find(policy.extensions.begin(), policy.extensions.end(), ext) == policy.extensions.end())
    return refuse(415, "media.type_not_allowed", {{"allowed", allowed_list(policy)}});
  auto limit = policy.max_bytes.find(t->kind);
  std::size_t max = limit == policy.max_bytes.end() ? 10 * kMB : limit->second;
  if (in.data.size() > max) return refuse(413, "media.too_large", {{"max", std::to_string(max / kMB)}});
  return std::nullopt;
}
}  // namespace

std::optional<Result> check(const Input& in, const Policy& policy) {
  if (auto bad = check_shape(in, policy)) return bad;
  return check_content(in.data, *type_of(extension(in.filename)));
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
  auto r = c.one(
      "SELECT id, org_id, sha256, kind, mime, size, name, created_by, status, COALESCE(error, ''), duration_seconds, "
      "poster_id, created_at FROM media WHERE id = ?",
      {id});
  if (!r) return std::nullopt;
  return to_item(*r);
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
