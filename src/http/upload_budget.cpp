#include "http/upload_budget.hpp"

#include <algorithm>

namespace cityskills::http {

bool UploadBudget::reserve(const std::string& client, std::uint64_t n, std::uint64_t per_client, std::uint64_t total) {
  std::lock_guard lock(mu_);
  auto& mine = by_client_[client];
  if (mine + n > per_client || total_ + n > total) {
    if (mine == 0) by_client_.erase(client);
    return false;
  }
  mine += n;
  total_ += n;
  return true;
}

void UploadBudget::release(const std::string& client, std::uint64_t n) {
  std::lock_guard lock(mu_);
  auto it = by_client_.find(client);
  if (it == by_client_.end()) return;
  it->second -= std::min(it->second, n);
  if (it->second == 0) by_client_.erase(it);
  total_ -= std::min(total_, n);
}

}  // namespace cityskills::http
