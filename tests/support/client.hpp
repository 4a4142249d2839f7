#pragma once
// A tiny blocking HTTP/1.1 client over a plain socket, so tests speak to the real server
// exactly as a browser or an attacker would, including malformed requests.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cityskills::test {

struct Reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string raw;
  std::string header(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
};

// Sends raw bytes and reads until the server closes or a complete response arrives.
Reply send_raw(int port, const std::string& bytes, int timeout_ms = 10000, bool until_close = false);
Reply parse_reply(const std::string& raw);

struct FilePart {
  std::string name, filename, content_type, data;
};
// A multipart/form-data body as browsers send it.
std::string multipart_encode(const std::string& boundary, const std::vector<std::pair<std::string, std::string>>& fields,
                             const std::vector<FilePart>& files);

// A browser-like client with a cookie jar.
class Client {
 public:
  explicit Client(int port) : port_(port) {}
  Reply get(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers = {});
  Reply head(const std::string& target);
  // Posts a form; fields are URL-encoded. `with_csrf` adds the token taken from the last page.
  Reply post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields,
             bool with_csrf = true, const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Posts multipart/form-data (an upload form); `with_csrf` adds the `_csrf` part first.
  Reply post_multipart(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields,
                       const std::vector<FilePart>& files, bool with_csrf = true);
  Reply request(const std::string& method, const std::string& target, const std::string& body,
                const std::vector<std::pair<std::string, std::string>>& headers);
  std::string csrf() const { return csrf_; }
  std::map<std::string, std::string>& cookies() { return cookies_; }
  std::string lang;  // Accept-Language to send, when set

 private:
  int port_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
// Counts occurrences of `needle` in `hay`.
int count(const std::string& hay, const std::string& needle);

}  // namespace cityskills::test
