// One register per language: German addresses people as "Sie" everywhere, and "Anmelden"
// means signing in only (creating an account is "Konto erstellen" or "registrieren", taking a
// place at an event is "Platz buchen").
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "util/embedded.hpp"

namespace cityskills {
namespace {

// msgid -> every msgstr text of it (plural forms included, continuation lines joined).
std::map<std::string, std::string> catalogue(const std::string& lang) {
  std::map<std::string, std::string> out;
  auto po = embedded::find("locale/" + lang + ".po");
  if (!po) return out;
  std::string id, *target = nullptr;
  std::size_t at = 0;
  while (at < po->size()) {
    auto end = po->find('\n', at);
    if (end == std::string_view::npos) end = po->size();
    auto line = po->substr(at, end - at);
    at = end + 1;
    auto quoted = [&](std::string_view l) {
      auto a = l.find('"'), b = l.rfind('"');
      return a == std::string_view::npos || b <= a ? std::string() : std::string(l.substr(a + 1, b - a - 1));
    };
    if (line.starts_with("msgid ")) {
      id = quoted(line);
      target = nullptr;
    } else if (line.starts_with("msgstr")) {
      target = &out[id];
      *target += " " + quoted(line);
    } else if (line.starts_with("\"") && target) {
      *target += quoted(line);
    }
  }
  return out;
}

// The words of a text (letters, including every non-ASCII byte, as parts of words).
std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  for (unsigned char ch : text) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80) {
      w += static_cast<char>(ch);
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

}  // namespace

TEST(GermanRegister, EveryMessageSaysSieNeverDu) {
  const std::set<std::string> informal = {"du",    "Du",    "dich",    "Dich",   "dir",    "Dir",    "dein",
                                          "Dein",  "deine", "Deine",   "deinen", "Deinen", "deinem", "deiner",
                                          "deines", "hast", "bist",    "kannst", "willst", "musst",  "solltest"};
  auto de = catalogue("de");
  ASSERT_GT(de.size(), 1000u);
  for (const auto& [id, text] : de)
    for (const auto& w : words(text)) EXPECT_FALSE(informal.count(w)) << id << ": \"" << w << "\" in" << text;
}

TEST(GermanRegister, AnmeldenMeansSigningInOnly) {
  auto de = catalogue("de");
  EXPECT_EQ(de.at("layout.sign_in"), " Anmelden");
  EXPECT_EQ(de.at("accounts.login.submit"), " Anmelden");
  // Creating an account and booking a place at an event never borrow the sign-in verb.
  for (const auto& id : {"layout.sign_up", "accounts.signup.title", "accounts.signup.submit", "accounts.signup.intro", "events.register.submit",
                         "events.register.join_waitlist"}) {
    ASSERT_TRUE(de.count(id)) << id;
    EXPECT_EQ(de.at(id).find("nmeld"), std::string::npos) << id << ":" << de.at(id);
  }
}

}  // namespace cityskills
