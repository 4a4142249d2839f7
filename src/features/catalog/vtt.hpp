#pragma once
// WebVTT captions: validation of uploaded files and the cues for the transcript.
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::catalog::vtt {

struct Cue {
  double start = 0, end = 0;
  std::string text;  // plain text, cue tags (<v Name>, <i>...) removed
};

struct File {
  bool ok = false;
  std::string error;  // translation key when !ok
  int error_line = 0;
  std::vector<Cue> cues;
};

inline constexpr std::size_t kMaxBytes = 512 * 1024;
inline constexpr std::size_t kMaxCues = 5000;

// Parses a WebVTT file: the "WEBVTT" signature, valid UTF-8, cue timings "hh:mm:ss.ttt -->
// mm:ss.ttt" with the end after the start. Notes, styles and regions are skipped.
File parse(std::string_view text);
// "1:05" or "1:02:05".
std::string clock(double seconds);

}  // namespace cityskills::catalog::vtt
