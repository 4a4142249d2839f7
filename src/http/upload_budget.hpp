#pragma once
// Upload bytes admitted and not yet answered, per client and in all, so that uploads cannot
// fill the disk or one client take every slot. Thread-safe.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace cityskills::http {

class UploadBudget {
 public:
  // Reserves `n` bytes for `client` when that keeps it within `per_client` and everyone within
  // `total`; false (nothing reserved) otherwise.
  bool reserve(const std::string& client, std::uint64_t n, std::uint64_t per_client, std::uint64_t total);
  // Gives back what reserve took (at most what is reserved).
  void release(const std::string& client, std::uint64_t n);

 private:
  std::mutex mu_;
  std::map<std::string, std::uint64_t> by_client_;
  std::uint64_t total_ = 0;
};

}  // namespace cityskills::http
