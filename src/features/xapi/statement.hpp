#pragma once
// xAPI 1.0.3 statements made from outbox rows: the verbs, activity types and ids documented in
// docs/xapi.md. Pure functions, unit-tested alone.
#include <string>
#include <string_view>

#include "features/xapi/store.hpp"

namespace cityskills::xapi {

// A new statement id: a random (version 4) UUID.
std::string new_uuid();
// A name-based (version 8, SHA-256) UUID for `name`: the same name gives the same UUID.
std::string uuid_for(std::string_view name);
// The verb's IRI, or "" for a verb this platform does not emit.
std::string verb_iri(std::string_view verb);
// The activity type's IRI, or "" for an unknown object type.
std::string activity_type_iri(std::string_view object_type);

// The statement as JSON. `site_url` (no trailing slash) is the actor account's homePage and
// the base of every activity id; `pseudonym` is the account's name.
std::string statement_json(const store::Row& row, const std::string& site_url, const std::string& pseudonym);

}  // namespace cityskills::xapi
