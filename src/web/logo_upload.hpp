#pragma once
// A logo uploaded in a form (the site's, an organisation's): one set of checks for every
// place that takes one, so that a site logo and an organisation logo are refused alike.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/app.hpp"

namespace cityskills::web {

class FormErrors;

inline constexpr std::size_t kLogoMaxBytes = 512 * 1024;
// Pixels on the longer side: a logo is drawn a few centimetres wide, and a certificate decodes
// it on every download.
inline constexpr std::uint32_t kLogoMaxSide = 2000;

// The options of a route that takes a logo: a multipart body with room for one logo.
inline RouteOptions logo_upload_route() {
  RouteOptions upload;
  upload.multipart = true;
  upload.body_limit = kLogoMaxBytes + 64 * 1024;
  return upload;
}

// What a refused or stored logo came to.
struct StoredLogo {
  std::optional<std::int64_t> media_id;  // set when stored
  int status = 0;                        // the HTTP status of a refusal
};

// Checks `file` and stores it in the media store for `org_id` (none: the site's): missing ->
// 422 "choose a file"; an extension not in `extensions` (lower case, e.g. png, jpg) or content
// that is not that image (magic bytes) -> 415 naming the allowed types; over kLogoMaxBytes ->
// 413 "at most N kB"; over kLogoMaxSide pixels a side -> 422. A refusal adds its translated reason to `errors`
// under `field`.
StoredLogo store_logo(Ctx& ctx, const UploadedFile* file, const std::vector<std::string>& extensions,
                      std::optional<std::int64_t> org_id, std::string_view field, FormErrors& errors);

}  // namespace cityskills::web
