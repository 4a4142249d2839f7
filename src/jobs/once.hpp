#pragma once
// A job that drains a queue of its own (the xAPI outbox) needs one waiting run, not one per row.
#include <cstdint>
#include <string_view>

#include "db/database.hpp"

namespace cityskills::jobs {

// Enqueues a job of `kind` unless one is already waiting to start (not yet claimed). With
// `sooner`, a waiting job due after `run_at` is brought forward to it instead. Returns whether
// a job was added or moved.
bool enqueue_once(db::Connection& c, std::string_view kind, std::string_view payload_json, std::int64_t run_at,
                  bool sooner = false);

}  // namespace cityskills::jobs
