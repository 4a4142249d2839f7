#include "web/shared_pages.hpp"

#include <utility>

#include "web/app.hpp"
#include "web/cookies.hpp"

namespace cityskills::web {

std::shared_ptr<const SharedPage> SharedPages::find(const std::string& key, Time t, Ticket& ticket) {
  std::lock_guard lock(mu_);
  ticket = {generation_, t};
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  // A clock that went backwards (a test) also counts as expired.
  if (t >= it->second.loaded && t - it->second.loaded < lifetime_) return it->second.page;
  return nullptr;
}

void SharedPages::forget_expired(Time t) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (t < it->second.loaded || t - it->second.loaded >= lifetime_) {
      bytes_ -= it->second.page->bytes();
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

std::shared_ptr<const SharedPage> SharedPages::keep(const std::string& key, const http::Response& res,
                                                    const Ticket& ticket) {
  // The validator and the compressed body are worked out outside the lock, once per copy.
  auto page = std::make_shared<SharedPage>();
  page->response = res;
  page->encoded = encoding_of(res);
  if (!page->encoded.etag.empty()) page->response.set("etag", page->encoded.etag);
  std::shared_ptr<const SharedPage> shared = page;

  std::lock_guard lock(mu_);
  if (ticket.generation != generation_) return shared;  // dropped while rendering
  auto size = shared->bytes();
  if (entries_.size() >= kMaxEntries || bytes_ + size > kMaxBytes) forget_expired(ticket.asked);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    if (it->second.loaded > ticket.asked) return shared;  // a render that began later already answered
    bytes_ -= it->second.page->bytes();
    entries_.erase(it);
  }
  if (entries_.size() >= kMaxEntries || bytes_ + size > kMaxBytes) return shared;
  entries_.emplace(key, Entry{shared, ticket.asked});
  bytes_ += size;
  return shared;
}

void SharedPages::drop_all() {
  std::lock_guard lock(mu_);
  ++generation_;
  entries_.clear();
  bytes_ = 0;
}

std::size_t SharedPages::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

namespace {

// Nothing about the request is personal: no session, message or choice of this site's is in
// its cookies (the language is in the key), and it is a plain GET.
bool may_share(const Ctx& ctx) {
  if (ctx.req.method != "GET" || ctx.user || ctx.session || ctx.bearer || !ctx.flash_key.empty() ||
      !ctx.set_cookies.empty())
    return false;
  for (const auto& [name, value] : cookies::parse_cookies(ctx.req.header("cookie")))
    if (name.starts_with(cookies::kCookiePrefix) && name != cookies::kLangCookie) return false;
  return true;
}

// What the handler made personal on the way is never kept.
bool may_keep(const Ctx& ctx, const http::Response& res) {
  return res.status == 200 && !res.file && ctx.set_cookies.empty() && !ctx.flash_shown && !ctx.user &&
         res.get("cache-control").empty() && res.get("set-cookie").empty();
}

}  // namespace

http::Response answer_shared(Ctx& ctx, const std::function<http::Response(Ctx&)>& handler) {
  if (!may_share(ctx)) return handler(ctx);
  std::string key = std::string(ctx.req.header("host"));
  key += '\n';
  key += ctx.locale;
  key += '\n';
  key += ctx.req.path;
  key += '?';
  key += ctx.req.query;
  SharedPages::Ticket ticket;
  if (auto hit = ctx.svc.pages.find(key, ctx.svc.cache.now(), ticket)) {
    ctx.shared_page = hit;
    return hit->response;
  }
  auto res = handler(ctx);
  if (may_keep(ctx, res)) {
    // The page may show settings the node read up to a second before: its age counts from then.
    ticket.asked = ctx.svc.cache.oldest_fresh(ticket.asked);
    ctx.shared_page = ctx.svc.pages.keep(key, res, ticket);
    res = ctx.shared_page->response;
  }
  return res;
}

}  // namespace cityskills::web
