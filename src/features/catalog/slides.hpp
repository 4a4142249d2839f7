#pragma once
// Narrated slide videos for the demo courses: each slide (a title, bullets and an optional
// flow of boxes) is drawn with ffmpeg while espeak-ng reads its sentences in the lesson's
// language; the WebVTT captions are timed to the spoken sentences. Results are cached by a
// hash of everything that shapes them, so a second seed reuses them.
#include <optional>
#include <string>
#include <vector>

#include "features/catalog/demo.hpp"

namespace cityskills::catalog::slides {

struct Video {
  std::string mp4, vtt;
  bool cached = false;  // read from the cache rather than made now
};

// $XDG_CACHE_HOME/cityskills/demo-videos, else ~/.cache/cityskills/demo-videos, else
// DATA_DIR/cache/demo-videos.
std::string cache_dir(const std::string& data_dir);
// Makes (or reads from `cache`, when not empty) the video of `deck` spoken in `lang`.
// nullopt when espeak-ng or ffmpeg is missing or fails.
std::optional<Video> narrated(const std::vector<demo::Slide>& deck, const std::string& lang, const std::string& cache,
                              const std::string& work_dir);
// Captions with an estimated pace, for when no video could be made.
std::string estimated_captions(const std::vector<demo::Slide>& deck);

}  // namespace cityskills::catalog::slides
