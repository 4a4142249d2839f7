#include "support/client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <stdexcept>

#include "http/url.hpp"
#include "util/strings.hpp"

namespace cityskills::test {

std::string Reply::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::vector<std::string> Reply::all(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (k == name) out.push_back(v);
  return out;
}

Reply parse_reply(const std::string& raw) {
  Reply r;
  r.raw = raw;
  auto end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || end == std::string::npos) return r;
  r.status = std::stoi(raw.substr(9, 3));
  auto head = raw.substr(0, end);
  auto lines = util::split(head, '\n');
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto line = util::trim(lines[i]);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    r.headers.emplace_back(util::to_lower(line.substr(0, colon)), std::string(util::trim(line.substr(colon + 1))));
  }
  r.body = raw.substr(end + 4);
  return r;
}

namespace {
bool complete(const std::string& buf) {
  auto end = buf.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  auto head = util::to_lower(buf.substr(0, end));
  auto pos = head.find("\ncontent-length:");
  if (pos == std::string::npos) return head.starts_with("http/1.1 304") || head.starts_with("http/1.1 204");
  auto len = std::stoul(std::string(util::trim(head.substr(pos + 16, head.find('\r', pos + 1) - pos - 16))));
  return buf.size() >= end + 4 + len;
}
}  // namespace

Reply send_raw(int port, const std::string& bytes, int timeout_ms, bool until_close) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse early (413) and close
    sent += static_cast<std::size_t>(n);
  }
  std::string buf;
  char chunk[65536];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    buf.append(chunk, static_cast<std::size_t>(n));
    if (!until_close && complete(buf)) break;
  }
  ::close(fd);
  return parse_reply(buf);
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    auto enc = [](const std::string& s) {
      std::string e = http::percent_encode(s);
      std::string r;
      for (char c : e) r += c == '/' ? std::string("%2F") : std::string(1, c);
      return r;
    };
    out += enc(k) + "=" + enc(v);
  }
  return out;
}

int count(const std::string& hay, const std::string& needle) {
  int n = 0;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + needle.size())) ++n;
  return n;
}

Reply Client::request(const std::string& method, const std::string& target, const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  if (!lang.empty()) req += "Accept-Language: " + lang + "\r\n";
  if (!cookies_.empty()) {
    std::string c;
    for (const auto& [k, v] : cookies_) c += (c.empty() ? "" : "; ") + k + "=" + v;
    req += "Cookie: " + c + "\r\n";
  }
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "Connection: close\r\n\r\n" + body;
  Reply r = send_raw(port_, req);
  for (const auto& c : r.all("set-cookie")) {
    auto eq = c.find('=');
    auto semi = c.find(';');
    auto name = c.substr(0, eq);
    auto value = c.substr(eq + 1, semi - eq - 1);
    if (c.find("Max-Age=0") != std::string::npos) cookies_.erase(name);
    else cookies_[name] = value;
  }
  static const std::regex token(R"re(name="_csrf" value="([0-9a-f]+)")re");
  std::smatch m;
  if (std::regex_search(r.body, m, token)) csrf_ = m[1].str();
  return r;
}

Reply Client::get(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers) {
  return request("GET", target, "", headers);
}

Reply Client::head(const std::string& target) { return request("HEAD", target, "", {}); }

Reply Client::post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields,
                   bool with_csrf, const std::vector<std::pair<std::string, std::string>>& headers) {
  auto all = fields;
  if (with_csrf) all.insert(all.begin(), {"_csrf", csrf_});
  auto h = headers;
  bool has_type = false;
  for (const auto& [k, v] : h) has_type = has_type || util::to_lower(k) == "content-type";
  if (!has_type) h.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return request("POST", target, form_encode(all), h);
}

std::string multipart_encode(const std::string& boundary, const std::vector<std::pair<std::string, std::string>>& fields,
                             const std::vector<FilePart>& files) {
  std::string out;
  for (const auto& [k, v] : fields)
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  for (const auto& f : files)
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.name + "\"; filename=\"" + f.filename +
           "\"\r\nContent-Type: " + (f.content_type.empty() ? "application/octet-stream" : f.content_type) +
           "\r\n\r\n" + f.data + "\r\n";
  return out + "--" + boundary + "--\r\n";
}

Reply Client::post_multipart(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields,
                             const std::vector<FilePart>& files, bool with_csrf) {
  auto all = fields;
  if (with_csrf) all.insert(all.begin(), {"_csrf", csrf_});
  const std::string boundary = "----cityskillsTestBoundary7MA4YWxkTrZu0gW";
  return request("POST", target, multipart_encode(boundary, all, files),
                 {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
}

}  // namespace cityskills::test
