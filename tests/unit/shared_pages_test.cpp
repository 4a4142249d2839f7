// web::SharedPages: a copy lives at most its lifetime from when its render began, a drop takes
// effect at once (also over a render that was under way), the node's bounds hold, and the
// validator and compressed body are worked out once with the copy.
#include <gtest/gtest.h>

#include <string>

#include "util/gzip.hpp"
#include "web/shared_pages.hpp"

namespace cityskills::web {
namespace {

using namespace std::chrono_literals;
using Time = SharedPages::Time;

http::Response html(std::string body) {
  http::Response r;
  r.body = std::move(body);
  r.set("content-type", "text/html; charset=utf-8");
  return r;
}

TEST(SharedPages, ACopyLivesAtMostItsLifetimeFromWhenItsRenderBegan) {
  SharedPages pages(1000ms);
  Time t0{};
  SharedPages::Ticket ticket;
  EXPECT_EQ(pages.find("k", t0, ticket), nullptr);
  pages.keep("k", html("first"), ticket);
  EXPECT_EQ(pages.find("k", t0 + 999ms, ticket)->response.body, "first");
  EXPECT_EQ(pages.find("k", t0 + 1000ms, ticket), nullptr) << "exactly a second old";
  EXPECT_EQ(pages.find("k", t0 - 1ms, ticket), nullptr) << "a clock that went back keeps nothing alive";
  EXPECT_EQ(pages.find("other", t0, ticket), nullptr);
}

TEST(SharedPages, ADropComesBeforeEveryCopyAndEveryRenderUnderWay) {
  SharedPages pages(1000ms);
  Time t0{};
  SharedPages::Ticket kept, underway;
  pages.find("a", t0, kept);
  pages.keep("a", html("a"), kept);
  pages.find("b", t0, underway);  // a render begins, then this node writes
  pages.drop_all();
  EXPECT_EQ(pages.find("a", t0 + 1ms, kept), nullptr);
  auto page = pages.keep("b", html("old b"), underway);
  EXPECT_EQ(page->response.body, "old b") << "the request that rendered it is answered";
  SharedPages::Ticket later;
  EXPECT_EQ(pages.find("b", t0 + 2ms, later), nullptr) << "but the copy is not kept";
  EXPECT_EQ(pages.size(), 0u);
}

TEST(SharedPages, ARenderThatBeganEarlierDoesNotReplaceALaterOne) {
  SharedPages pages(1000ms);
  Time t0{};
  SharedPages::Ticket early, late;
  pages.find("k", t0, early);
  pages.find("k", t0 + 10ms, late);
  pages.keep("k", html("late"), late);
  pages.keep("k", html("early"), early);
  SharedPages::Ticket t;
  EXPECT_EQ(pages.find("k", t0 + 20ms, t)->response.body, "late");
}

TEST(SharedPages, ManyDistinctAddressesCannotGrowTheNodePastItsBounds) {
  SharedPages pages(1000ms);
  Time t0{};
  for (std::size_t i = 0; i < SharedPages::kMaxEntries + 50; ++i) {
    SharedPages::Ticket t;
    pages.find("/search?q=" + std::to_string(i), t0, t);
    pages.keep("/search?q=" + std::to_string(i), html("page"), t);
  }
  EXPECT_EQ(pages.size(), SharedPages::kMaxEntries);
  // A second later the expired copies make room again.
  SharedPages::Ticket t;
  pages.find("/news", t0 + 1s, t);
  pages.keep("/news", html("news"), t);
  EXPECT_EQ(pages.size(), 1u);
  // Bytes are bounded too: a page larger than the whole budget is answered, never kept.
  pages.find("/huge", t0 + 1s, t);
  auto huge = pages.keep("/huge", html(std::string(SharedPages::kMaxBytes, 'x')), t);
  EXPECT_EQ(huge->response.body.size(), SharedPages::kMaxBytes);
  EXPECT_EQ(pages.size(), 1u);
}

TEST(SharedPages, TheValidatorAndTheCompressedBodyAreWorkedOutWithTheCopy) {
  SharedPages pages(1000ms);
  SharedPages::Ticket t;
  pages.find("k", Time{}, t);
  std::string body(4000, 'a');
  auto page = pages.keep("k", html(body), t);
  EXPECT_TRUE(page->encoded.etag.starts_with("W/\""));
  EXPECT_EQ(page->response.get("etag"), page->encoded.etag);
  ASSERT_FALSE(page->encoded.gzip.empty());
  EXPECT_EQ(page->encoded.gzip, util::gzip(body, 5));
  EXPECT_LT(page->encoded.gzip.size(), body.size());
  // Too small to be worth compressing: a validator only.
  pages.find("small", Time{}, t);
  auto small = pages.keep("small", html("<p>hi</p>"), t);
  EXPECT_FALSE(small->encoded.etag.empty());
  EXPECT_TRUE(small->encoded.gzip.empty());
}

}  // namespace
}  // namespace cityskills::web
