// Forums through the real server: posting, quoting, mentions, subscriptions, edit history,
// reports and moderation with its cross-organisation checks, limits, and the pagination of
// a thread of 10,000 replies.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <tuple>

#include "features/forum/store.hpp"
#include "features/orgs/store.hpp"
#include "support/atom.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::Reply;
using test::TestServer;

namespace {

std::int64_t org(TestServer& s, const std::string& slug) { return test::make_org(s, slug); }

std::int64_t category(TestServer& s, const std::string& slug, std::optional<std::int64_t> org_id = std::nullopt) {
  auto c = s.db().acquire();
  forum::Category cat;
  cat.slug = slug;
  cat.name = "Category " + slug;
  cat.description = "About " + slug;
  cat.org_id = org_id;
  return forum::store::create_category(*c, cat);
}

struct Person {
  std::string email;
  std::int64_t id = 0;
  Client client;
};

Person person(TestServer& s, const std::string& tag, bool platform_admin = false) {
  auto email = test::unique_email(tag);
  auto id = s.add_user(email, test::kPassword, platform_admin);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/forum");  // a page carrying the session's CSRF token
  return {email, id, c};
}

using test::grant;

// Posts a thread and returns its id.
std::int64_t start_thread(Client& c, const std::string& slug, const std::string& title, const std::string& body) {
  auto r = c.post("/forum/c/" + slug + "/new", {{"title", title}, {"body", body}, {"lang", "en"}});
  EXPECT_EQ(r.status, 303) << r.body;
  auto loc = r.header("location");
  return std::stoll(loc.substr(loc.rfind('/') + 1));
}

Reply reply(Client& c, std::int64_t thread, const std::string& body) {
  return c.post("/forum/t/" + std::to_string(thread) + "/reply", {{"body", body}});
}

std::int64_t post_id(TestServer& s, std::int64_t thread, std::int64_t seq) {
  auto c = s.db().acquire();
  return c->one("SELECT id FROM forum_posts WHERE thread_id = ? AND seq = ?", {thread, seq})->i64(0);
}

bool has(const Reply& r, const std::string& needle) { return r.body.find(needle) != std::string::npos; }

std::string t_path(std::int64_t id) { return "/forum/t/" + std::to_string(id); }
std::string p_path(std::int64_t id) { return "/forum/p/" + std::to_string(id); }

}  // namespace

TEST(Forum, PostReplyAndReadWithBadInputsRefused) {
  TestServer s;
  category(s, "general");
  auto anna = person(s, "anna");
  auto id = start_thread(anna.client, "general", "Wi-Fi in the library", "Does **anyone** know the password?");
  auto first_reply = reply(anna.client, id, "Found it at the desk.");
  EXPECT_EQ(first_reply.status, 303);
  // The same form sent twice (a double click) posts once and leads to the same post.
  EXPECT_EQ(reply(anna.client, id, "Found it at the desk.").header("location"), first_reply.header("location"));
  anna.client.get("/forum/c/general/new");
  auto again = anna.client.post("/forum/c/general/new",
                                {{"title", "Wi-Fi in the library"}, {"body", "Does **anyone** know the password?"}, {"lang", "en"}});
  EXPECT_EQ(again.header("location"), t_path(id));
  auto index = s.client().get("/forum");
  EXPECT_EQ(index.status, 200);
  EXPECT_TRUE(has(index, "Category general"));
  auto list = s.client().get("/forum/c/general");
  EXPECT_TRUE(has(list, "Wi-Fi in the library"));
  EXPECT_TRUE(has(list, "1 reply"));
  auto page = s.client().get(t_path(id));
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "<strong>anyone</strong>"));
  EXPECT_TRUE(has(page, "Found it at the desk."));
  EXPECT_EQ(s.client().get(p_path(post_id(s, id, 2))).header("location"), t_path(id) + "?page=1#p2");
  // Bad ids and pages.
  for (auto bad : {"/forum/t/abc", "/forum/t/-1", "/forum/t/0", "/forum/t/99999999999999999999", "/forum/t/1e3",
                   "/forum/t/0x10", "/forum/t/987654", "/forum/p/abc", "/forum/p/987654", "/forum/p/987654/edit",
                   "/forum/c/nope", "/forum/c/nope/new"})
    EXPECT_EQ(anna.client.get(bad).status, 404) << bad;
  EXPECT_EQ(s.client().get(t_path(id) + "?page=abc").status, 400);
  EXPECT_EQ(s.client().get(t_path(id) + "?page=1&page=2").status, 400);
  EXPECT_EQ(s.client().get(t_path(id) + "?page=-5").status, 200);
  EXPECT_EQ(s.client().get(t_path(id) + "?page=99999").status, 200);
  anna.client.get("/forum");
  EXPECT_EQ(reply(anna.client, 987654, "Nowhere").status, 404);
  // Anonymous people are sent to sign in; forms owned fields only; CSRF required.
  Client anon = s.client();
  anon.get("/login");  // a form page, so the anonymous CSRF token is valid
  EXPECT_EQ(anon.get("/forum/c/general/new").status, 303);
  EXPECT_EQ(anon.post(t_path(id) + "/reply", {{"body", "hello"}}).status, 303);
  EXPECT_EQ(anna.client.post(t_path(id) + "/reply", {{"body", "x"}, {"author_id", "1"}}).status, 400);
  EXPECT_EQ(anna.client.post(t_path(id) + "/reply", {{"body", "no token"}}, false).status, 403);
  auto other = person(s, "other");
  Client stolen = other.client;
  stolen.get("/forum");
  auto forged = stolen.request("POST", t_path(id) + "/reply", "_csrf=" + anna.client.csrf() + "&body=forged",
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(forged.status, 403);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM forum_posts WHERE thread_id = ?", {id})->i64(0), 2);
}

TEST(Forum, HostileMarkdownIsRenderedSafely) {
  TestServer s;
  category(s, "safe");
  auto p = person(s, "hostile");
  auto id = start_thread(p.client, "safe", "<script>alert(1)</script> title",
                         "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
                         "<iframe src=//evil></iframe> ![i](data:image/svg+xml;base64,AAAA)");
  auto page = s.client().get(t_path(id));
  EXPECT_EQ(page.status, 200);
  EXPECT_FALSE(has(page, "<script>alert"));
  EXPECT_FALSE(has(page, "<img src=x"));
  EXPECT_FALSE(has(page, "<iframe"));
  EXPECT_FALSE(has(page, "javascript:"));
  EXPECT_FALSE(has(page, "data:image"));
  EXPECT_TRUE(has(page, "&lt;script&gt;alert(1)&lt;/script&gt; title"));
  // Pathological nesting is refused with a clear message, invalid UTF-8 too.
  p.client.get(t_path(id));
  EXPECT_EQ(reply(p.client, id, std::string(5000, '>') + " deep").status, 422);
  EXPECT_EQ(reply(p.client, id, "bad \xC3\x28 bytes").status, 400);  // refused by the web layer
  auto deep_list = std::string();
  for (int i = 0; i < 40; ++i) deep_list += std::string(i * 2, ' ') + "- item\n";
  EXPECT_EQ(reply(p.client, id, deep_list).status, 422);
}

TEST(Forum, TextLimitsSpamChecksAndFloodingAreRefused) {
  TestServer s;
  category(s, "limits");
  auto p = person(s, "limits");
  auto id = start_thread(p.client, "limits", "Limits", "Opening post");
  auto long_reply = reply(p.client, id, std::string(20001, 'x'));
  EXPECT_EQ(long_reply.status, 422);
  EXPECT_TRUE(has(long_reply, "20001 characters, at most 20000")) << long_reply.body.substr(0, 2000);
  EXPECT_TRUE(has(long_reply, "id=\"error-summary\""));
  EXPECT_EQ(test::count(long_reply.body, std::string(20001, 'x')), 1);  // the input is kept
  std::string links;
  for (int i = 0; i < 11; ++i) links += "https://spam" + std::to_string(i) + ".example.com ";
  auto spam = reply(p.client, id, links);
  EXPECT_EQ(spam.status, 422);
  EXPECT_TRUE(has(spam, "Too many links: 11, at most 10"));
  std::string mentions;
  for (int i = 0; i < 11; ++i) mentions += "@person" + std::to_string(i) + " ";
  EXPECT_EQ(reply(p.client, id, mentions).status, 422);
  p.client.get("/forum/c/limits/new");
  auto long_title = p.client.post("/forum/c/limits/new", {{"title", std::string(201, 't')}, {"body", "b"}, {"lang", "en"}});
  EXPECT_EQ(long_title.status, 422);
  EXPECT_TRUE(has(long_title, "201 characters, at most 200"));
  EXPECT_EQ(p.client.post("/forum/c/limits/new", {{"title", "T"}, {"body", "b"}, {"lang", "xx"}}).status, 422);
  // Ten replies in ten minutes, then 429 with Retry-After.
  p.client.get(t_path(id));
  for (int i = 0; i < 10; ++i) ASSERT_EQ(reply(p.client, id, "reply " + std::to_string(i)).status, 303);
  auto flood = reply(p.client, id, "one too many");
  EXPECT_EQ(flood.status, 429);
  EXPECT_FALSE(flood.header("retry-after").empty());
  for (int i = 0; i < 4; ++i) start_thread(p.client, "limits", "Thread " + std::to_string(i), "body");
  auto too_many = p.client.post("/forum/c/limits/new", {{"title", "Sixth"}, {"body", "b"}, {"lang", "en"}});
  EXPECT_EQ(too_many.status, 429);
  EXPECT_FALSE(too_many.header("retry-after").empty());
}

TEST(Forum, OnlyTheAuthorEditsAndEveryVersionIsKept) {
  TestServer s;
  category(s, "edits");
  auto author = person(s, "author");
  auto other = person(s, "other");
  auto id = start_thread(author.client, "edits", "First title", "First text");
  auto first = post_id(s, id, 1);
  // Someone else cannot open or submit the edit form.
  EXPECT_EQ(other.client.get(p_path(first) + "/edit").status, 403);
  other.client.get("/forum");
  EXPECT_EQ(other.client.post(p_path(first) + "/edit", {{"body", "Taken over"}, {"title", "Mine"}}).status, 403);
  auto form = author.client.get(p_path(first) + "/edit");
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(has(form, "First text"));
  EXPECT_EQ(author.client.post(p_path(first) + "/edit", {{"body", "Second text"}, {"title", "Better title"}}).status, 303);
  author.client.get(p_path(first) + "/edit");
  EXPECT_EQ(author.client.post(p_path(first) + "/edit", {{"body", "Third text"}, {"title", "Better title"}}).status, 303);
  auto page = s.client().get(t_path(id));
  EXPECT_TRUE(has(page, "Better title"));
  EXPECT_TRUE(has(page, "Third text"));
  EXPECT_FALSE(has(page, "Taken over"));
  EXPECT_TRUE(has(page, "edited"));
  auto history = s.client().get(p_path(first) + "/history");
  EXPECT_EQ(history.status, 200);
  EXPECT_TRUE(has(history, "First text"));
  EXPECT_TRUE(has(history, "Second text"));
  EXPECT_TRUE(has(history, "Third text"));
  EXPECT_TRUE(has(history, "2 earlier versions"));
  EXPECT_LT(history.body.find("Third text"), history.body.find("Second text"));  // newest first
  author.client.get("/forum");
  EXPECT_EQ(author.client.post(p_path(first) + "/edit", {{"body", std::string(20001, 'y')}, {"title", "T"}}).status, 422);
  EXPECT_EQ(s.client().get("/forum/p/987654/history").status, 404);
}

TEST(Forum, QuotingPrefillsAnAttributedBlockquote) {
  TestServer s;
  category(s, "quotes");
  auto a = person(s, "quoted");
  auto b = person(s, "quoter");
  auto id = start_thread(a.client, "quotes", "Quote me", "Line one\n\nLine *two*");
  auto first = post_id(s, id, 1);
  std::string name;
  {
    auto c = s.db().acquire();
    name = c->one("SELECT display_name FROM users WHERE id = ?", {a.id})->str(0);
  }
  auto form = b.client.get(t_path(id) + "/reply?quote=" + std::to_string(first));
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(has(form, "&gt; **" + name + "** [wrote](/forum/p/" + std::to_string(first) + "):")) << form.body;
  EXPECT_TRUE(has(form, "&gt; Line one\n&gt;\n&gt; Line *two*"));
  EXPECT_EQ(b.client.get(t_path(id) + "/reply?quote=abc").status, 404);
  EXPECT_EQ(b.client.get(t_path(id) + "/reply?quote=987654").status, 404);
  // A quote from another thread is not offered here.
  auto other = start_thread(b.client, "quotes", "Other", "elsewhere");
  EXPECT_EQ(b.client.get(t_path(other) + "/reply?quote=" + std::to_string(first)).status, 404);
  b.client.get(t_path(id));
  EXPECT_EQ(reply(b.client, id, "> **" + name + "** [wrote](/forum/p/" + std::to_string(first) + "):\n>\n> Line one\n\nAgreed").status,
            303);
  auto page = s.client().get(t_path(id));
  EXPECT_TRUE(has(page, "<blockquote>"));
  EXPECT_TRUE(has(page, "<a href=\"/forum/p/" + std::to_string(first) + "\">wrote</a>"));
}

TEST(Forum, MentionsNotifyInTheAppAndByMail) {
  TestServer s;
  category(s, "mentions");
  auto a = person(s, "mentioned");
  auto b = person(s, "mentioner");
  a.client.get("/forum/notifications");  // taking part gives the person a handle
  std::string handle;
  {
    auto c = s.db().acquire();
    handle = c->one("SELECT handle FROM forum_handles WHERE user_id = ?", {a.id})->str(0);
  }
  auto id = start_thread(b.client, "mentions", "Help wanted",
                         "Hello @" + handle + ", can you help? (not a@" + handle + ".org, not `@" + handle + "`)");
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ?", {a.id})->i64(0), 1);
  auto mail = test::wait_for_mail(a.email);
  ASSERT_TRUE(mail.has_value());
  EXPECT_NE(mail->subject.find("mentioned you"), std::string::npos);
  EXPECT_NE(mail->body.find("/forum/p/"), std::string::npos);
  auto notes = a.client.get("/forum/notifications");
  EXPECT_TRUE(has(notes, "mentioned you in"));
  EXPECT_TRUE(has(notes, "Help wanted"));
  EXPECT_TRUE(has(a.client.get("/forum"), "Notifications (1 new)"));
  EXPECT_EQ(a.client.post("/forum/notifications/read", {}).status, 303);
  EXPECT_TRUE(has(a.client.get("/forum"), "Notifications (0 new)"));
  // Quoting the post again, or mentioning oneself, notifies nobody.
  b.client.get(t_path(id));
  EXPECT_EQ(reply(b.client, id, "> Hello @" + handle + "\n\nQuoted.").status, 303);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ?", {a.id})->i64(0), 1);
  // An edit that adds a mention notifies the newly mentioned person, once.
  auto second = post_id(s, id, 2);
  b.client.get(p_path(second) + "/edit");
  EXPECT_EQ(b.client.post(p_path(second) + "/edit", {{"body", "Now for real, @" + handle}}).status, 303);
  b.client.get(p_path(second) + "/edit");
  EXPECT_EQ(b.client.post(p_path(second) + "/edit", {{"body", "Now for real, @" + handle + "!"}}).status, 303);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ?", {a.id})->i64(0), 2);
}

TEST(Forum, SubscribersGetMailOnRepliesAndCanUnsubscribeFromTheLink) {
  TestServer s;
  category(s, "subs");
  auto author = person(s, "subauthor");
  auto replier = person(s, "replier");
  auto follower = person(s, "follower");
  auto id = start_thread(author.client, "subs", "Follow me", "Opening");
  follower.client.get(t_path(id));
  EXPECT_EQ(follower.client.post(t_path(id) + "/subscribe", {}).status, 303);
  replier.client.get(t_path(id));
  EXPECT_EQ(reply(replier.client, id, "First answer").status, 303);
  auto mail = test::wait_for_mail(author.email);
  ASSERT_TRUE(mail.has_value());
  EXPECT_NE(mail->subject.find("Follow me"), std::string::npos);
  EXPECT_NE(mail->body.find("First answer"), std::string::npos);
  ASSERT_TRUE(test::wait_for_mail(follower.email).has_value());
  EXPECT_EQ(test::mails_to(replier.email), 0);  // not to the one who wrote it
  auto link = test::link_in(mail->body, "/forum/unsubscribe");
  ASSERT_FALSE(link.empty());
  Client anon = s.client();  // the link works without signing in
  auto confirm = anon.get(link);
  EXPECT_EQ(confirm.status, 200);
  EXPECT_TRUE(has(confirm, "Follow me"));
  auto forged = link;
  forged.back() = forged.back() == '0' ? '1' : '0';  // one hex digit of the signature changed
  EXPECT_EQ(anon.get(forged).status, 400);
  auto q = link.substr(link.find('?') + 1);
  std::vector<std::pair<std::string, std::string>> fields;
  for (auto part : {"t", "u", "sig"}) {
    auto at = q.find(std::string(part) + "=");
    auto end = q.find('&', at);
    fields.emplace_back(part, q.substr(at + std::string(part).size() + 1, end == std::string::npos ? end : end - at - std::string(part).size() - 1));
  }
  auto tampered = fields;
  tampered[1].second = std::to_string(follower.id);
  EXPECT_EQ(anon.post("/forum/unsubscribe", tampered).status, 400);
  EXPECT_EQ(anon.post("/forum/unsubscribe", fields).status, 200);
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT COUNT(*) FROM forum_subscriptions WHERE thread_id = ?", {id})->i64(0), 1);
  }
  follower.client.get(t_path(id));
  EXPECT_EQ(follower.client.post(t_path(id) + "/unsubscribe", {}).status, 303);
  replier.client.get(t_path(id));
  EXPECT_EQ(reply(replier.client, id, "Second answer").status, 303);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(test::mails_to(author.email), 1);
  EXPECT_EQ(test::mails_to(follower.email), 1);
}

TEST(Forum, ReportsReachTheQueueOfTheCategorysModerators) {
  TestServer s;
  auto a = org(s, "org-a");
  category(s, "reports-a", a);
  auto writer = person(s, "writer");
  auto reader = person(s, "reader");
  auto mod = person(s, "moda");
  grant(s, mod.id, a, "moderator");
  auto id = start_thread(writer.client, "reports-a", "Buy cheap pills", "Spam here");
  auto first = post_id(s, id, 1);
  EXPECT_EQ(reader.client.get(p_path(first) + "/report").status, 200);
  EXPECT_EQ(reader.client.post(p_path(first) + "/report", {{"reason", ""}}).status, 422);
  EXPECT_EQ(reader.client.post(p_path(first) + "/report", {{"reason", "Advertising"}}).status, 303);
  reader.client.get(t_path(id));
  EXPECT_EQ(reader.client.post(p_path(first) + "/report", {{"reason", "Again"}}).status, 303);  // no duplicate
  EXPECT_EQ(reader.client.get("/forum/reports").status, 403);
  auto queue = mod.client.get("/forum/reports");
  EXPECT_EQ(queue.status, 200);
  EXPECT_TRUE(has(queue, "Advertising"));
  EXPECT_TRUE(has(queue, "Buy cheap pills"));
  EXPECT_FALSE(has(queue, "Again"));
  // Dismissing needs a reason and is logged.
  std::int64_t report_id;
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT COUNT(*) FROM forum_reports WHERE post_id = ?", {first})->i64(0), 1);
    report_id = db->one("SELECT id FROM forum_reports WHERE post_id = ?", {first})->i64(0);
  }
  auto dismiss = "/forum/reports/" + std::to_string(report_id) + "/dismiss";
  EXPECT_EQ(reader.client.post(dismiss, {{"reason", "I dismiss"}}).status, 403);
  EXPECT_EQ(mod.client.post(dismiss, {{"reason", ""}}).status, 422);
  EXPECT_EQ(mod.client.post(dismiss, {{"reason", "Not spam, a real question"}}).status, 303);
  EXPECT_EQ(mod.client.post(dismiss, {{"reason", "twice"}}).status, 404);
  EXPECT_TRUE(has(mod.client.get("/forum/reports"), "No open reports"));
  auto log = mod.client.get("/forum/log");
  EXPECT_TRUE(has(log, "Not spam, a real question"));
  EXPECT_TRUE(has(log, "Report dismissed"));
}

TEST(Forum, ModeratorOfAnotherOrganisationCannotModerate) {
  TestServer s;
  auto a = org(s, "mod-a"), b = org(s, "mod-b");
  category(s, "cat-a", a);
  auto cat_a2 = category(s, "cat-a2", a);
  auto cat_b = category(s, "cat-b", b);
  auto writer = person(s, "w");
  auto mod_a = person(s, "ma");
  auto mod_b = person(s, "mb");
  grant(s, mod_a.id, a, "moderator");
  grant(s, mod_b.id, b, "moderator");
  auto id = start_thread(writer.client, "cat-a", "Thread in A", "Rude words here");
  reply(writer.client, id, "More rude words");
  auto second = post_id(s, id, 2);
  // B's moderator: refused everywhere in A, and A's log is not theirs.
  EXPECT_EQ(mod_b.client.get(p_path(second) + "/moderate").status, 403);
  EXPECT_EQ(mod_b.client.get(t_path(id) + "/moderate").status, 403);
  mod_b.client.get("/forum");
  EXPECT_EQ(mod_b.client.post(p_path(second) + "/hide", {{"reason", "B says so"}}).status, 403);
  for (auto action : {"lock", "pin", "hide"})
    EXPECT_EQ(mod_b.client.post(t_path(id) + "/" + action, {{"reason", "B says so"}}).status, 403) << action;
  EXPECT_EQ(mod_b.client.post(t_path(id) + "/move", {{"reason", "mine"}, {"category_id", std::to_string(cat_b)}}).status,
            403);
  EXPECT_FALSE(has(mod_b.client.get("/forum/log"), "Thread in A"));
  // The writer is no moderator either.
  EXPECT_EQ(writer.client.post(p_path(second) + "/hide", {{"reason", "mine"}}).status, 403);
  // A's moderator hides with a reason; others see the reason in place of the post.
  EXPECT_TRUE(has(mod_a.client.get(t_path(id)), "/moderate"));
  EXPECT_EQ(mod_a.client.post(p_path(second) + "/hide", {{"reason", ""}}).status, 422);
  EXPECT_EQ(mod_a.client.post(p_path(second) + "/hide", {{"reason", "Insults are not allowed"}, {"role", "x"}}).status,
            400);
  EXPECT_EQ(mod_a.client.post(p_path(second) + "/hide", {{"reason", "Insults are not allowed"}}).status, 303);
  for (Client* c : {&writer.client, &mod_b.client}) {
    auto page = c->get(t_path(id));
    EXPECT_FALSE(has(page, "More rude words"));
    EXPECT_TRUE(has(page, "Insults are not allowed"));
    EXPECT_TRUE(has(page, "Rude words here"));
  }
  auto anon = s.client().get(t_path(id));
  EXPECT_FALSE(has(anon, "More rude words"));
  auto feed = s.client().get("/forum/c/cat-a/feed.atom");
  EXPECT_EQ(feed.status, 200);
  EXPECT_EQ(feed.header("content-type"), "application/atom+xml; charset=utf-8");
  EXPECT_TRUE(has(feed, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_EQ(test::atom_problems(feed.body), std::vector<std::string>{});
  EXPECT_TRUE(has(feed, "Rude words here"));
  EXPECT_FALSE(has(feed, "More rude words"));
  EXPECT_TRUE(has(mod_a.client.get(t_path(id)), "More rude words"));
  EXPECT_EQ(writer.client.get(p_path(second) + "/history").status, 404);
  EXPECT_EQ(writer.client.get(p_path(second) + "/edit").status, 403);
  // Moving: only to a category this moderator moderates.
  mod_a.client.get(t_path(id) + "/moderate");
  EXPECT_EQ(mod_a.client.post(t_path(id) + "/move", {{"reason", "Wrong place"}, {"category_id", std::to_string(cat_b)}}).status,
            422);
  EXPECT_EQ(mod_a.client.post(t_path(id) + "/move", {{"reason", "Wrong place"}, {"category_id", std::to_string(cat_a2)}}).status,
            303);
  EXPECT_TRUE(has(s.client().get("/forum/c/cat-a2"), "Thread in A"));
  EXPECT_FALSE(has(s.client().get("/forum/c/cat-a"), "Thread in A"));
  // Pinning puts it first.
  start_thread(writer.client, "cat-a2", "Newer thread", "x");
  mod_a.client.get("/forum");
  EXPECT_EQ(mod_a.client.post(t_path(id) + "/pin", {{"reason", "Read this first"}}).status, 303);
  auto list = s.client().get("/forum/c/cat-a2");
  EXPECT_LT(list.body.find("Thread in A"), list.body.find("Newer thread"));
  EXPECT_TRUE(has(list, "Pinned"));
  // Every action is logged with who and why.
  auto db = s.db().acquire();
  auto rows = db->query("SELECT action, actor_id, reason FROM forum_moderation_log WHERE thread_id = ? ORDER BY id", {id});
  ASSERT_EQ(rows.size(), 4u);  // hide_post, move (logged in both categories), pin
  EXPECT_EQ(rows[0].str(0), "hide_post");
  EXPECT_EQ(rows[0].i64(1), mod_a.id);
  EXPECT_EQ(rows[0].str(2), "Insults are not allowed");
  EXPECT_EQ(rows[3].str(0), "pin");
  auto log = mod_a.client.get("/forum/log");
  EXPECT_TRUE(has(log, "Insults are not allowed"));
  EXPECT_TRUE(has(log, "Wrong place"));
}

TEST(Forum, LockedThreadRefusesRepliesAndShowsWhy) {
  TestServer s;
  category(s, "locks");
  auto writer = person(s, "lw");
  auto admin = person(s, "padmin", true);  // platform admins moderate categories without an organisation
  auto id = start_thread(writer.client, "locks", "Closing soon", "Opening");
  admin.client.get(t_path(id) + "/moderate");
  EXPECT_EQ(admin.client.post(t_path(id) + "/lock", {{"reason", "Answered, see the FAQ"}}).status, 303);
  auto page = writer.client.get(t_path(id));
  EXPECT_TRUE(has(page, "Answered, see the FAQ"));
  EXPECT_FALSE(has(page, "action=\"" + t_path(id) + "/reply\""));
  auto refused = reply(writer.client, id, "But wait");
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(writer.client.get(t_path(id) + "/reply").status, 409);
  EXPECT_EQ(writer.client.post(p_path(post_id(s, id, 1)) + "/edit", {{"body", "changed"}, {"title", "t"}}).status, 409);
  admin.client.get("/forum");
  EXPECT_EQ(admin.client.post(t_path(id) + "/unlock", {{"reason", "New information"}}).status, 303);
  writer.client.get(t_path(id));
  EXPECT_EQ(reply(writer.client, id, "Now it works").status, 303);
}

TEST(Forum, HiddenThreadDisappearsForEveryoneButModerators) {
  TestServer s;
  auto a = org(s, "hide-a");
  category(s, "hide-cat", a);
  auto writer = person(s, "hw");
  auto mod = person(s, "hm");
  grant(s, mod.id, a, "moderator");
  auto id = start_thread(writer.client, "hide-cat", "Secret scam thread", "Send money");
  mod.client.get(t_path(id) + "/moderate");
  EXPECT_EQ(mod.client.post(t_path(id) + "/hide", {{"reason", "Scam"}}).status, 303);
  EXPECT_EQ(writer.client.get(t_path(id)).status, 404);
  EXPECT_EQ(s.client().get(t_path(id)).status, 404);
  EXPECT_EQ(s.client().get(p_path(post_id(s, id, 1))).status, 404);
  EXPECT_FALSE(has(s.client().get("/forum/c/hide-cat"), "Secret scam thread"));
  EXPECT_FALSE(has(s.client().get("/forum/c/hide-cat/feed.atom"), "Send money"));
  EXPECT_EQ(s.client().get("/forum/c/nope/feed.atom").status, 404);
  EXPECT_TRUE(has(s.client().get("/forum"), "0 threads"));
  writer.client.get("/forum");
  EXPECT_EQ(reply(writer.client, id, "still here?").status, 404);
  auto seen = mod.client.get(t_path(id));
  EXPECT_EQ(seen.status, 200);
  EXPECT_TRUE(has(seen, "Scam"));
  EXPECT_TRUE(has(mod.client.get("/forum/c/hide-cat"), "Secret scam thread"));
  EXPECT_EQ(mod.client.post(t_path(id) + "/unhide", {{"reason", "Reviewed: legitimate"}}).status, 303);
  EXPECT_EQ(s.client().get(t_path(id)).status, 200);
  EXPECT_TRUE(has(s.client().get("/forum/c/hide-cat/feed.atom"), "Send money"));
}

TEST(Forum, PlatformAdminsManageCategories) {
  TestServer s;
  auto a = org(s, "cat-org");
  auto admin = person(s, "catadmin", true);
  auto user = person(s, "catuser");
  EXPECT_EQ(user.client.get("/forum/categories/new").status, 403);
  EXPECT_EQ(user.client.post("/forum/categories/new", {{"name", "Mine"}, {"slug", "mine"}, {"description", "d"},
                                                       {"org_id", ""}, {"position", "1"}}).status,
            403);
  EXPECT_EQ(admin.client.get("/forum/categories/new").status, 200);
  auto bad = admin.client.post("/forum/categories/new", {{"name", "Bootcamp"}, {"slug", "Bad Slug!"}, {"description", "d"},
                                                        {"org_id", "987654"}, {"position", "1"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "value=\"Bootcamp\""));
  EXPECT_EQ(admin.client.post("/forum/categories/new", {{"name", "Bootcamp 2026"}, {"slug", "bootcamp-2026"},
                                                        {"description", "Questions of the bootcamp"},
                                                        {"org_id", std::to_string(a)}, {"position", "2"}}).status,
            303);
  EXPECT_EQ(admin.client.post("/forum/categories/new", {{"name", "Again"}, {"slug", "bootcamp-2026"}, {"description", "d"},
                                                        {"org_id", ""}, {"position", "1"}}).status,
            422);
  auto page = s.client().get("/forum/c/bootcamp-2026");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "Org cat-org"));
  EXPECT_EQ(admin.client.get("/forum/c/bootcamp-2026/edit").status, 200);
  EXPECT_EQ(admin.client.post("/forum/c/bootcamp-2026/edit", {{"name", "Bootcamp 2027"}, {"slug", "bootcamp-2027"},
                                                              {"description", "Next year"}, {"org_id", ""}, {"position", "2"}}).status,
            303);
  EXPECT_EQ(s.client().get("/forum/c/bootcamp-2026").status, 404);
  EXPECT_TRUE(has(s.client().get("/forum/c/bootcamp-2027"), "Next year"));
  EXPECT_EQ(user.client.get("/forum/c/bootcamp-2027/edit").status, 403);
}

// A category's name and description come in the reader's language where a translation has them,
// else the category's own text; the admin form keeps the translations and rejects an overlong one.
TEST(Forum, CategoryNamesAndDescriptionsAreTranslatedWithAFallback) {
  TestServer s;
  auto admin = person(s, "tradmin", true);
  EXPECT_EQ(admin.client.post("/forum/categories/new", {{"name", "Open data"}, {"slug", "open-data"},
                                                        {"description", "Publishing the data of the city"},
                                                        {"name_de", "Offene Daten"},
                                                        {"description_de", "Die Daten der Stadt veröffentlichen"},
                                                        {"name_sv", "Öppna data"}, {"description_sv", ""},
                                                        {"org_id", ""}, {"position", "1"}}).status,
            303);
  auto de = s.client(), sv = s.client(), fi = s.client();
  de.get("/?lang=de");
  sv.get("/?lang=sv");
  fi.get("/?lang=fi");
  auto index = de.get("/forum");
  EXPECT_TRUE(has(index, "Offene Daten"));
  EXPECT_TRUE(has(index, "Die Daten der Stadt veröffentlichen"));
  EXPECT_FALSE(has(index, "Publishing the city"));
  auto page = sv.get("/forum/c/open-data");
  EXPECT_TRUE(has(page, "Öppna data"));
  EXPECT_TRUE(has(page, "Publishing the data of the city"))
      << "a blank description falls back to the category's own";
  EXPECT_TRUE(has(fi.get("/forum/c/open-data"), "Open data"));
  auto form = admin.client.get("/forum/c/open-data/edit");
  EXPECT_TRUE(has(form, "value=\"Offene Daten\""));
  EXPECT_TRUE(has(form, "id=\"name_fi\""));
  auto bad = admin.client.post("/forum/c/open-data/edit", {{"name", "Open data"}, {"slug", "open-data"},
                                                          {"description", "d"}, {"name_fi", std::string(101, 'a')},
                                                          {"org_id", ""}, {"position", "1"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "name_fi-error"));
  EXPECT_EQ(admin.client.post("/forum/c/open-data/edit", {{"name", "Open data"}, {"slug", "open-data"},
                                                          {"description", "d"}, {"org_id", ""}, {"position", "1"}}).status,
            303);
  EXPECT_TRUE(has(de.get("/forum"), "Open data")) << "translations removed in the form are gone";
}

// The moderation pages (report queue, log, a thread's moderation form and its move targets)
// name categories in the moderator's language too, not by their base name.
TEST(Forum, ModerationPagesShowTranslatedCategoryNames) {
  TestServer s;
  auto admin = person(s, "modtr", true);
  for (auto [name, slug, de] : {std::tuple{"Open data", "open-data", "Offene Daten"},
                                std::tuple{"Mobility", "mobility", "Mobilität"}})
    EXPECT_EQ(admin.client.post("/forum/categories/new", {{"name", name}, {"slug", slug}, {"description", "d"},
                                                          {"name_de", de}, {"description_de", "d"},
                                                          {"org_id", ""}, {"position", "1"}}).status,
              303);
  auto writer = person(s, "modtrw");
  auto id = start_thread(writer.client, "open-data", "Where is the bus data?", "Question");
  EXPECT_EQ(writer.client.post(p_path(post_id(s, id, 1)) + "/report", {{"reason", "Off topic"}}).status, 303);
  admin.client.get("/forum?lang=de");
  auto queue = admin.client.get("/forum/reports");
  EXPECT_TRUE(has(queue, "Offene Daten")) << queue.body;
  EXPECT_FALSE(has(queue, ">Open data<"));
  auto form = admin.client.get(t_path(id) + "/moderate");
  EXPECT_TRUE(has(form, "Offene Daten"));
  EXPECT_TRUE(has(form, "Mobilität")) << "move targets are translated too";
  EXPECT_EQ(admin.client.post(t_path(id) + "/lock", {{"reason", "Answered"}}).status, 303);
  auto log = admin.client.get("/forum/log");
  EXPECT_TRUE(has(log, "Offene Daten"));
  EXPECT_FALSE(has(log, ">Open data<"));
}

TEST(Forum, TenThousandRepliesPageByNumberAndTheLastPageIsRight) {
  TestServer s;
  auto cat = category(s, "long");
  auto writer = person(s, "long");
  std::int64_t id = 0;
  s.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    id = forum::store::create_thread(c, cat, writer.id, "en", "A very long thread", "Opening post", 1700000000);
    for (int i = 1; i <= 10000; ++i) forum::store::add_post(c, id, writer.id, "Reply number " + std::to_string(i), 1700000000 + i);
  });
  auto started = std::chrono::steady_clock::now();
  auto last = s.client().get(t_path(id) + "?page=last");
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(last.status, 200);
  // 10,001 posts at 20 a page: page 501 holds only #10001.
  EXPECT_TRUE(has(last, "Page 501 of 501"));
  EXPECT_TRUE(has(last, "Reply number 10000"));
  EXPECT_FALSE(has(last, "Reply number 9999<"));
  EXPECT_TRUE(has(last, "id=\"p10001\""));
  EXPECT_TRUE(has(last, "aria-current=\"page\">501<"));
  EXPECT_LT(elapsed, 3000);
  auto p500 = s.client().get(t_path(id) + "?page=500");
  EXPECT_TRUE(has(p500, "id=\"p9981\""));
  EXPECT_TRUE(has(p500, "id=\"p10000\""));
  EXPECT_FALSE(has(p500, "id=\"p9980\""));
  EXPECT_TRUE(has(p500, "?page=501"));
  EXPECT_TRUE(has(s.client().get("/forum/c/long"), "10000 replies"));
  EXPECT_EQ(s.client().get(p_path(post_id(s, id, 5000))).header("location"), t_path(id) + "?page=250#p5000");
  // A new reply lands on the last page.
  writer.client.get(t_path(id));
  auto r = reply(writer.client, id, "And one more");
  EXPECT_EQ(r.header("location"), t_path(id) + "?page=501#p10002");
}

}  // namespace cityskills
