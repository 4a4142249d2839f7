#pragma once
// Files compiled into the binary (templates, translations, migrations, word lists).
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace cityskills::embedded {

struct File {
  std::string_view path;  // relative to the source tree, e.g. "src/features/accounts/templates/login.mustache"
  std::string_view data;
};

extern const File kFiles[];
extern const std::size_t kFileCount;

std::optional<std::string_view> find(std::string_view path);
// All files whose path starts with `prefix` and ends with `suffix`.
std::vector<File> list(std::string_view prefix, std::string_view suffix);

}  // namespace cityskills::embedded
