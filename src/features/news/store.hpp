#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::news {

struct Article {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org_name, org_slug;
  std::string lang, title, summary, body;
  std::vector<std::string> tags;
  std::string status = "published";
  std::int64_t publish_at = 0;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> cover_media_id;  // one of the article's images
  std::string cover_alt;
  std::string image_url(std::int64_t media_id) const {
    return "/news/" + std::to_string(id) + "/images/" + std::to_string(media_id);
  }
};

struct Image {
  std::int64_t media_id = 0;
  std::string alt, name;
  std::int64_t size = 0;
};

namespace store {
struct Filter {
  std::string lang, tag;
  std::optional<std::int64_t> org_id;
};
// Published articles whose time has come, newest first.
std::vector<Article> visible(db::Connection& c, const Filter& f, std::int64_t now, int limit, int offset);
std::optional<Article> find(db::Connection& c, std::int64_t id);
std::vector<Article> for_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids);
std::int64_t create(db::Connection& c, const Article& a, std::int64_t author_id);
void update(db::Connection& c, const Article& a);
// Puts the article in the search index while it is published (found from publish_at), else
// removes it; create and update call it.
void index(db::Connection& c, std::int64_t id);
void index_all(db::Connection& c);
void add_image(db::Connection& c, std::int64_t article_id, std::int64_t media_id, const std::string& alt);
std::vector<Image> images(db::Connection& c, std::int64_t article_id);
std::optional<Image> image(db::Connection& c, std::int64_t article_id, std::int64_t media_id);
// Takes the image off the article (and off its cover); the Markdown that shows it keeps its
// alternative text.
void remove_image(db::Connection& c, std::int64_t article_id, std::int64_t media_id);
void set_cover(db::Connection& c, std::int64_t article_id, std::optional<std::int64_t> media_id);

// Whether any article exists (the demo data is added only to an empty table).
bool any(db::Connection& c);
// The demo's own article (`org` slug, language, title) while it has no author and no picture
// yet: only that one is given a picture, an article anyone wrote is never touched.
struct Unillustrated {
  std::int64_t id = 0, org_id = 0;
};
std::optional<Unillustrated> unillustrated_demo_article(db::Connection& c, const std::string& org,
                                                        const std::string& lang, const std::string& title);
}  // namespace store

}  // namespace cityskills::news
