#pragma once
// What the good-practice pages share (routes.cpp and submit.cpp); internal to the feature.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "media/media.hpp"
#include "web/app.hpp"

namespace cityskills::practices::detail {

inline constexpr std::size_t kUploadLimit = 25 * 1024 * 1024;
inline constexpr std::int64_t kUserQuota = 200LL * 1024 * 1024;

using Named = std::vector<std::pair<std::string, std::string>>;  // code, label

bool one_of(const std::string& v, const std::vector<std::string>& allowed);
// Documents and images, within the person's quota.
media::Policy attachment_policy();
// The extensions attachment_policy allows, for the form's hint.
std::string allowed_types();
// DigComp areas by the framework's own names (not copies in the translations).
Named area_names(const web::Ctx& ctx, const std::vector<std::string>& codes);

}  // namespace cityskills::practices::detail
