#pragma once
// What became of a file response (Response::file): the server reports, once it is done with
// it, the status it really sent (404 when the file had gone) and the body bytes written
// before the end or an error, so that the access log records what the client received.
// One process-wide observer, set before the server starts.
#include <cstdint>
#include <functional>
#include <string>

namespace cityskills::http {

using FileSentObserver = std::function<void(const std::string& request_id, int status, std::uint64_t bytes)>;
void set_file_sent_observer(FileSentObserver observer);
// Called by the server when it is done with a file response.
void report_file_sent(const std::string& request_id, int status, std::uint64_t bytes);

}  // namespace cityskills::http
