#include "util/embedded.hpp"

namespace cityskills::embedded {

std::optional<std::string_view> find(std::string_view path) {
  for (std::size_t i = 0; i < kFileCount; ++i)
    if (kFiles[i].path == path) return kFiles[i].data;
  return std::nullopt;
}

std::vector<File> list(std::string_view prefix, std::string_view suffix) {
  std::vector<File> out;
  for (std::size_t i = 0; i < kFileCount; ++i) {
    const auto& f = kFiles[i];
    if (f.path.starts_with(prefix) && f.path.ends_with(suffix)) out.push_back(f);
  }
  return out;
}

}  // namespace cityskills::embedded
