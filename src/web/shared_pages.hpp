#pragma once
// One rendered copy of a public page for every visitor without a session, kept at most a second
// (decision note 0037). A route opts in (RouteOptions::shared); a request shares the copy only
// when nothing about it is personal: a GET, no session, no one-time message, none of the site's
// own cookies but the language one. The key is the host, the language, the path and the query.
// A state-changing request that succeeds on this node drops every copy at once, so the node
// that wrote shows the change on its next page; other nodes show it within the lifetime. What
// the handler made personal on the way (a cookie set, a message shown, a status other than 200,
// a file, its own Cache-Control) is never kept.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/message.hpp"
#include "web/delivery.hpp"

namespace cityskills::web {

struct SharedPage {
  http::Response response;  // as the handler returned it, with its validator set
  Encoded encoded;          // validator and compressed body, worked out once
  std::size_t bytes() const { return response.body.size() + encoded.gzip.size(); }
};

// Time is the node cache's (NodeCache::now): one clock for everything a node keeps a second.
class SharedPages {
 public:
  using Time = std::chrono::steady_clock::time_point;
  static constexpr std::chrono::milliseconds kLifetime{1000};
  // Bounds on what a node keeps: a flood of distinct queries cannot grow it past them.
  static constexpr std::size_t kMaxEntries = 2048;
  static constexpr std::size_t kMaxBytes = 64u << 20;

  explicit SharedPages(std::chrono::milliseconds lifetime = kLifetime) : lifetime_(lifetime) {}

  // When a render began and which copies were current then: a copy whose render began before a
  // drop is not kept (it may have read the rows the write changed).
  struct Ticket {
    std::uint64_t generation = 0;
    Time asked;
  };
  // The copy under `key` younger than the lifetime at `now`, or null with `ticket` filled for keep().
  std::shared_ptr<const SharedPage> find(const std::string& key, Time now, Ticket& ticket);
  // Makes the shared copy of `res` (its validator and compressed body) and keeps it under
  // `key` when no drop came since `ticket` and the bounds allow; returns it either way.
  std::shared_ptr<const SharedPage> keep(const std::string& key, const http::Response& res, const Ticket& ticket);
  // This node wrote something a page may show: every copy goes.
  void drop_all();
  std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const SharedPage> page;
    Time loaded;  // when its render began: its age counts from then
  };
  void forget_expired(Time now);  // under mu_

  std::chrono::milliseconds lifetime_;
  mutable std::mutex mu_;
  std::uint64_t generation_ = 0;
  std::size_t bytes_ = 0;
  std::map<std::string, Entry, std::less<>> entries_;
};

class Ctx;

// Answers a request to a route that shares its page: from the copy when the request may share
// it and one is fresh, else by `handler`, keeping what it rendered when that may be shared.
http::Response answer_shared(Ctx& ctx, const std::function<http::Response(Ctx&)>& handler);

}  // namespace cityskills::web
