#pragma once
// Lesson videos: reading duration and a poster frame with ffmpeg in a background job.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::catalog::video {

inline constexpr const char* kJobKind = "catalog_video";  // == catalog::kVideoJob
inline constexpr std::int64_t kMaxSeconds = 4 * 3600;

// Job payload for a stored video.
std::string job_payload(std::int64_t media_id);
// Marks a stored video as being read and queues the job that reads it, in the caller's
// transaction; returns the job's id.
std::int64_t queue(db::Connection& c, std::int64_t media_id);
// The "catalog_video" job: reads the duration with ffprobe and a poster frame with ffmpeg,
// then marks the media row ready, or failed with the reason shown to authors. A video that
// cannot be read fails at once (no retries): the author has to upload another file.
void process(db::Database& db, const std::string& data_dir, const std::string& payload_json);
void process_media(db::Database& db, const std::string& data_dir, std::int64_t media_id);

// Runs a program (no shell) and returns its exit status and standard output.
struct Run {
  int status = -1;
  std::string out;
};
Run run(const std::vector<std::string>& argv);

}  // namespace cityskills::catalog::video
