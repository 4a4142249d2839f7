#include "features/catalog/video.hpp"

#include <unistd.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "jobs/jobs.hpp"
#include "media/media.hpp"
#include "util/files.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/strings.hpp"

namespace cityskills::catalog::video {
namespace {

void set_state(db::Database& db, std::int64_t media_id, const std::string& status, const std::string& error,
               std::optional<std::int64_t> duration, std::optional<std::int64_t> poster) {
  auto c = db.acquire();
  c->exec("UPDATE media SET status = ?, error = ?, duration_seconds = COALESCE(?, duration_seconds), "
          "poster_id = COALESCE(?, poster_id), updated_at = ? WHERE id = ?",
          {status, error.empty() ? db::Param(nullptr) : db::Param(error), duration, poster, util::now_unix(), media_id});
}

}  // namespace

Run run(const std::vector<std::string>& argv) {
  auto r = util::run_process(argv);
  return {r.status, std::move(r.out)};
}

std::string job_payload(std::int64_t media_id) {
  return boost::json::serialize(boost::json::object{{"media_id", media_id}});
}

std::int64_t queue(db::Connection& c, std::int64_t media_id) {
  c.exec("UPDATE media SET status = 'processing', error = NULL WHERE id = ?", {media_id});
  return jobs::enqueue(c, kJobKind, job_payload(media_id));
}

void process(db::Database& db, const std::string& data_dir, const std::string& payload_json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(payload_json, ec);
  if (ec || !v.is_object() || !v.as_object().contains("media_id") || !v.as_object().at("media_id").is_int64()) {
    log::warn("catalog_video job with a bad payload", "");
    return;
  }
  process_media(db, data_dir, v.as_object().at("media_id").as_int64());
}

void process_media(db::Database& db, const std::string& data_dir, std::int64_t media_id) {
  std::optional<media::Item> item;
  {
    auto c = db.acquire();
    item = media::find(*c, media_id);
  }
  if (!item || item->kind != "video") return;
  auto path = media::path_for(data_dir, item->sha256);
  auto probe = run({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name:format=duration",
                    "-of", "default=noprint_wrappers=1", path});
  if (probe.status == 127) return set_state(db, media_id, "failed", "ffprobe (ffmpeg) is not installed on the server", {}, {});
  std::string codec, duration;
  const std::string out = probe.out;
  for (auto line : util::split(out, '\n')) {
    if (line.starts_with("codec_name=")) codec = std::string(util::trim(line.substr(11)));
    if (line.starts_with("duration=")) duration = std::string(util::trim(line.substr(9)));
  }
  if (probe.status != 0 || codec.empty())
    return set_state(db, media_id, "failed", "the file could not be read as a video (ffprobe found no video stream)", {}, {});
  char* end = nullptr;
  double seconds = std::strtod(duration.c_str(), &end);
  if (duration.empty() || end != duration.c_str() + duration.size() || !std::isfinite(seconds) || seconds <= 0)
    return set_state(db, media_id, "failed", "the file could not be read as a video (ffprobe found no duration)", {}, {});
  if (seconds > kMaxSeconds)
    return set_state(db, media_id, "failed", "the video is longer than " + std::to_string(kMaxSeconds / 3600) + " hours", {}, {});
  // A poster from a moment into the video (its first frame is often black).
  auto tmp = std::filesystem::temp_directory_path() / ("cityskills-poster-" + std::to_string(media_id) + "-" +
                                                       std::to_string(::getpid()) + ".jpg");
  auto at = std::to_string(std::min(1.0, seconds / 2));
  auto frame = run({"ffmpeg", "-nostdin", "-y", "-v", "error", "-ss", at, "-i", path, "-frames:v", "1", "-vf",
                    "scale=640:-2", tmp.string()});
  std::optional<std::int64_t> poster;
  if (frame.status == 0 && std::filesystem::exists(tmp)) {
    auto bytes = util::read_file(tmp).value_or("");
    auto stored = media::store(db, data_dir, {"poster.jpg", bytes}, media::image_policy(), item->org_id, item->created_by);
    if (stored.ok()) poster = stored.item->id;
  }
  std::error_code ignore;
  std::filesystem::remove(tmp, ignore);
  set_state(db, media_id, "ready", "", static_cast<std::int64_t>(std::lround(seconds)), poster);
}

}  // namespace cityskills::catalog::video
