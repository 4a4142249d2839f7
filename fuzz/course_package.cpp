// Course package import (catalog::package::import_course) on a scratch SQLite database: the
// zip's central directory checks, the manifest reader, the caption and media checks, all of
// which run before anything is written. Input starting with "PK" is the zip file itself;
// anything else is taken as manifest.json and packed into a zip (with a captions file when
// the manifest names captions/1-en.vtt), so the manifest reader gets most of the effort.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "common.hpp"
#include "features/catalog/package.hpp"
#include "features/orgs/store.hpp"
#include "util/strings.hpp"

using namespace cityskills;

namespace {

constexpr std::string_view kCaptions = "WEBVTT\n\n00:00.000 --> 00:02.500\nHello\n";

std::int64_t org_id() {
  static const std::int64_t id = [] {
    auto c = fuzz::scratch_db().acquire();
    orgs::Organisation o;
    o.name = "Fuzz city";
    o.slug = "fuzz-city";
    o.kind = "city";
    o.country = "IT";
    auto made = orgs::store::create(*c, o);
    if (!made) fuzz::fail("cannot create the organisation");
    return *made;
  }();
  return id;
}

void write_file(const std::string& path, std::string_view bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0)
    fuzz::fail("cannot write " + path);
}

// Stored, not deflated: the importer reads either, and a deflate stream per input (its state
// allocated and cleared each time) cost most of each run.
void add(zip_t* z, const char* name, std::string_view bytes) {
  auto* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
  if (!src) fuzz::fail("cannot add to the zip");
  auto index = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
  if (index < 0 || zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0)
    fuzz::fail("cannot add to the zip");
}

void write_package(const std::string& path, std::string_view manifest) {
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!z) fuzz::fail("cannot create the zip");
  add(z, "manifest.json", manifest);
  if (manifest.find("captions/1-en.vtt") != std::string_view::npos) add(z, "captions/1-en.vtt", kCaptions);
  if (zip_close(z) != 0) fuzz::fail("cannot write the zip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::init_platform();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string path = fuzz::scratch_dir() + "/package.zip";
  if (input.starts_with("PK")) write_file(path, input);
  else write_package(path, input);
  catalog::package::ImportOptions opt;
  opt.process_videos = false;
  auto r = catalog::package::import_course(fuzz::scratch_db(), fuzz::scratch_dir() + "/data", path, org_id(), {}, opt);
  if (!r.ok()) {
    fuzz::require(!r.errors.empty() && r.course_id == 0, "a refused package names why and creates nothing");
    for (const auto& e : r.errors) fuzz::require(util::valid_utf8(e), "error messages are UTF-8");
  }
  return 0;
}
