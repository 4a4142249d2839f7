#include "http/file_sent.hpp"

#include <mutex>

namespace cityskills::http {
namespace {

std::mutex g_file_sent_mu;
FileSentObserver g_file_sent;

}  // namespace

void set_file_sent_observer(FileSentObserver observer) {
  std::lock_guard lock(g_file_sent_mu);
  g_file_sent = std::move(observer);
}

void report_file_sent(const std::string& request_id, int status, std::uint64_t bytes) {
  FileSentObserver f;
  {
    std::lock_guard lock(g_file_sent_mu);
    f = g_file_sent;
  }
  if (f) f(request_id, status, bytes);
}

}  // namespace cityskills::http
