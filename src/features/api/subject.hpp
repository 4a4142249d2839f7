#pragma once
// Whom a request is about: the caller, or a person named in it (policy::may_act_for).
#include <cstdint>
#include <optional>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::api {

// `person` when given and the caller may act for them (Problem 404 otherwise: another
// organisation's people are not revealed), else the caller; an organisation's service token
// must name the person (Problem 400).
std::int64_t subject(web::Ctx& ctx, db::Connection& c, std::optional<std::int64_t> person);

}  // namespace cityskills::api
