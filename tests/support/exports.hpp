#pragma once
// The download of a person's data as a test sees it: the page offers the zip once the
// background job has built it; the zip's entries read back in memory.
#include <zip.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "support/client.hpp"

namespace cityskills::test {

// The entries of a zip, by name (empty when the bytes are not a zip).
inline std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) return out;
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (!z) {
    zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    std::string data(st.size, '\0');
    if (zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0)) {
      auto n = zip_fread(f, data.data(), st.size);
      data.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
      zip_fclose(f);
    }
    out[st.name] = data;
  }
  zip_discard(z);
  return out;
}

// Waits (up to ten seconds) until `page` offers a download under `prefix`; its path, or ""
// when none came.
inline std::string wait_for_download(Client& c, const std::string& page, const std::string& prefix) {
  for (int i = 0; i < 200; ++i) {
    auto body = c.get(page).body;
    if (auto at = body.find("href=\"" + prefix); at != std::string::npos) {
      auto start = at + 6;
      return body.substr(start, body.find('"', start) - start);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

}  // namespace cityskills::test
