#pragma once
// Outgoing mail over SMTP (libcurl). Without an SMTP URL, messages are written to an
// outbox folder and logged, so a demo works offline.
#include <string>
#include <vector>

namespace cityskills::mail {

struct Attachment {
  std::string filename;      // ASCII, no quotes
  std::string content_type;  // e.g. "text/calendar; method=REQUEST; charset=utf-8"
  std::string data;
};

struct Message {
  std::string to;
  std::string subject;
  std::string text;  // plain-text body, UTF-8
  std::vector<Attachment> attachments;
};

struct Settings {
  std::string smtp_url;     // smtp://host:port or smtps://...; empty: outbox folder
  std::string smtp_user;
  std::string smtp_password;
  std::string from = "cityskills <no-reply@cityskills.localhost>";
  std::string outbox_dir = "data/outbox";
};

// Builds the RFC 5322 text (UTF-8 subject as an encoded word, base64 body).
// Throws std::invalid_argument when a header value carries CR, LF or NUL.
std::string compose(const Settings& s, const Message& m);
// Delivers now; throws std::runtime_error with the SMTP error on failure.
void deliver(const Settings& s, const Message& m);

}  // namespace cityskills::mail
