#pragma once
// Small but genuine files of each uploadable type, built in memory for upload tests.
#include <cstdint>
#include <string>
#include <vector>

namespace cityskills::test::files {

inline std::uint32_t crc32(const std::string& s) {
  std::uint32_t c = 0xFFFFFFFF;
  for (unsigned char b : s) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

inline std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
inline std::string le16(std::uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
inline std::string le32(std::uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

inline std::string png(std::uint32_t w, std::uint32_t h) {
  auto chunk = [](const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
  };
  std::string ihdr = be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) +
         chunk("IDAT", std::string("\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01", 10)) + chunk("IEND", "");
}

inline std::string jpeg(std::uint16_t w, std::uint16_t h) {
  std::string app0("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
  std::string sof("\xFF\xC0\x00\x0B\x08", 5);
  sof += static_cast<char>(h >> 8);
  sof += static_cast<char>(h & 0xFF);
  sof += static_cast<char>(w >> 8);
  sof += static_cast<char>(w & 0xFF);
  sof += std::string("\x01\x01\x11\x00", 4);
  return app0 + sof + std::string("\xFF\xD9", 2);
}

inline std::string webp(std::uint32_t w, std::uint32_t h) {
  std::string vp8x = std::string("\0\0\0\0", 4) + le32(w - 1).substr(0, 3) + le32(h - 1).substr(0, 3);
  std::string body = "WEBPVP8X" + le32(10) + vp8x;
  return "RIFF" + le32(static_cast<std::uint32_t>(body.size())) + body;
}

// An ISO BMFF file with a movie header of `seconds` and `padding` bytes of media data.
inline std::string mp4(std::uint32_t seconds, std::size_t padding = 16) {
  std::string ftyp = be32(24) + "ftypisom" + be32(0x200) + "isomiso2";
  std::string mvhd_body = std::string(4, '\0') + be32(0) + be32(0) + be32(1000) + be32(seconds * 1000) +
                          std::string(80, '\0');
  std::string mvhd = be32(static_cast<std::uint32_t>(8 + mvhd_body.size())) + "mvhd" + mvhd_body;
  std::string moov = be32(static_cast<std::uint32_t>(8 + mvhd.size())) + "moov" + mvhd;
  std::string mdat = be32(static_cast<std::uint32_t>(8 + padding)) + "mdat";
  std::string data(padding, '\0');
  for (std::size_t i = 0; i < padding; ++i) data[i] = static_cast<char>((i * 7 + 3) & 0xFF);
  return ftyp + moov + mdat + data;
}

inline std::string webm() {
  return std::string(
      "\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81\x01\x42\xF2\x81\x04\x42\xF3\x81\x08\x42\x82\x84webm"
      "\x42\x87\x81\x02\x42\x85\x81\x02\x18\x53\x80\x67\x01\x00\x00\x00\x00\x00\x00\x00",
      48);
}

inline std::string pdf() { return "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"; }

struct ZipEntry {
  std::string name, data;
  std::uint32_t unix_mode = 0100644;
  std::uint32_t claimed_size = 0;  // 0: the real size; otherwise what the directory claims
};

// A zip with stored (uncompressed) entries, made on Unix.
inline std::string zip(const std::vector<ZipEntry>& entries) {
  std::string out, dir;
  for (const auto& e : entries) {
    auto offset = static_cast<std::uint32_t>(out.size());
    auto size = static_cast<std::uint32_t>(e.data.size());
    auto usize = e.claimed_size ? e.claimed_size : size;
    auto crc = crc32(e.data);
    auto nlen = static_cast<std::uint32_t>(e.name.size());
    out += "PK\x03\x04" + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(size) + le32(usize) +
           le16(nlen) + le16(0) + e.name + e.data;
    dir += "PK\x01\x02" + le16((3 << 8) | 20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) +
           le32(size) + le32(usize) + le16(nlen) + le16(0) + le16(0) + le16(0) + le16(0) + le32(e.unix_mode << 16) +
           le32(offset) + e.name;
  }
  auto n = static_cast<std::uint32_t>(entries.size());
  auto cd_offset = static_cast<std::uint32_t>(out.size());
  return out + dir + "PK\x05\x06" + le16(0) + le16(0) + le16(n) + le16(n) + le32(static_cast<std::uint32_t>(dir.size())) +
         le32(cd_offset) + le16(0);
}

inline std::vector<ZipEntry> docx_entries() {
  return {{"[Content_Types].xml",
           "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
          {"_rels/.rels", "<Relationships/>"},
          {"word/document.xml", "<w:document/>"}};
}
inline std::string docx() { return zip(docx_entries()); }
inline std::string xlsx() {
  return zip({{"[Content_Types].xml", "<Types/>"}, {"_rels/.rels", "<R/>"}, {"xl/workbook.xml", "<workbook/>"}});
}
inline std::string odt() {
  return zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
              {"content.xml", "<office:document-content/>"},
              {"META-INF/manifest.xml", "<m/>"}});
}
inline std::string ods() {
  return zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", "<x/>"}});
}

inline std::string vtt() { return "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"; }

}  // namespace cityskills::test::files
