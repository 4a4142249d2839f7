// What an upload really is: see inspect.hpp.
#include "media/inspect.hpp"

#include <magic.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include <boost/json.hpp>

#include "util/strings.hpp"

namespace cityskills::media {
namespace detail {


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

// The lower-case extension of a raw name: letters and digits after the last dot, else "".
std::string extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || name.size() - dot - 1 > 10) return "";
  auto ext = util::to_lower(name.substr(dot + 1));
  for (char c : ext)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return "";
  return ext;
}

Result refuse(int status, std::string key, std::vector<std::pair<std::string, std::string>> args) {
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


}  // namespace detail

using namespace detail;

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

namespace detail {
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
}  // namespace detail

std::optional<Result> check(const Input& in, const Policy& policy) {
  if (auto bad = check_shape(in, policy)) return bad;
  return check_content(in.data, *type_of(extension(in.filename)));
}

}  // namespace cityskills::media
