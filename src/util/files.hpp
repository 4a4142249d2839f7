#pragma once
// Reading a whole file into memory.
#include <filesystem>
#include <optional>
#include <string>

namespace cityskills::util {

// The file's bytes; nullopt when it cannot be opened.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace cityskills::util
