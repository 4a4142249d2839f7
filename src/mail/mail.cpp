#include "mail/mail.hpp"

#include <curl/curl.h>

#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::mail {
namespace {

void check_header(std::string_view v) {
  for (char c : v)
    if (c == '\r' || c == '\n' || c == '\0') throw std::invalid_argument("line break in a mail header");
}

std::string address_of(const std::string& from) {
  auto lt = from.find('<'), gt = from.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) return from.substr(lt + 1, gt - lt - 1);
  return from;
}

std::string rfc2822_date() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

struct Upload {
  std::string data;
  std::size_t pos = 0;
};

std::size_t read_cb(char* ptr, std::size_t size, std::size_t nmemb, void* userp) {
  auto* u = static_cast<Upload*>(userp);
  std::size_t n = std::min(size * nmemb, u->data.size() - u->pos);
  std::memcpy(ptr, u->data.data() + u->pos, n);
  u->pos += n;
  return n;
}

}  // namespace

std::string compose(const Settings& s, const Message& m) {
  check_header(m.to);
  check_header(m.subject);
  check_header(s.from);
  auto wrap = [](const std::string& data) {
    std::string b64 = util::base64(data), out;
    for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
    return out;
  };
  std::string domain = address_of(s.from);
  domain = domain.substr(domain.find('@') == std::string::npos ? 0 : domain.find('@') + 1);
  std::string head = "Date: " + rfc2822_date() + "\r\n" +
                     "From: " + s.from + "\r\n" +
                     "To: <" + m.to + ">\r\n" +
                     "Subject: =?UTF-8?B?" + util::base64(m.subject) + "?=\r\n" +
                     "Message-ID: <" + crypto::random_token(16) + "@" + domain + ">\r\n" +
                     "MIME-Version: 1.0\r\n"
                     "Auto-Submitted: auto-generated\r\n";
  if (m.attachments.empty())
    return head + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + wrap(m.text);
  std::string boundary = "cs-" + crypto::random_token(18);
  std::string out = head + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" +
                    "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n" + wrap(m.text);
  for (const auto& a : m.attachments) {
    check_header(a.filename);
    check_header(a.content_type);
    out += "--" + boundary + "\r\nContent-Type: " + a.content_type + "\r\n" +
           "Content-Disposition: attachment; filename=\"" + a.filename + "\"\r\n" +
           "Content-Transfer-Encoding: base64\r\n\r\n" + wrap(a.data);
  }
  return out + "--" + boundary + "--\r\n";
}

void deliver(const Settings& s, const Message& m) {
  std::string text = compose(s, m);
  if (s.smtp_url.empty()) {
    std::filesystem::create_directories(s.outbox_dir);
    auto name = std::to_string(util::now_unix()) + "-" + crypto::random_token(6) + ".eml";
    auto path = std::filesystem::path(s.outbox_dir) / name;
    std::ofstream(path, std::ios::binary) << text;
    log::info("mail written to outbox (no SMTP server configured)",
              "\"path\":\"" + util::json_escape(path.string()) + "\",\"subject\":\"" + util::json_escape(m.subject) + "\"");
    return;
  }
  CURL* curl = curl_easy_init();
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  Upload up{text, 0};
  std::string from = "<" + address_of(s.from) + ">";
  std::string to = "<" + m.to + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
  char err[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, s.smtp_url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!s.smtp_user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, s.smtp_user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, s.smtp_password.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw std::runtime_error(std::string("SMTP delivery failed: ") + (err[0] ? err : curl_easy_strerror(rc)));
}

}  // namespace cityskills::mail
