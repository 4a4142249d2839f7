#pragma once
// The demo catalogue as data: one JSON file per course under src/features/catalog/demo/,
// embedded in the binary, each holding every language version of that course (the first
// version is the original, the others are linked to it as translations). The format is
// described in src/features/catalog/demo/README.md.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityskills::catalog::demo {

// One slide of a narrated video: shown while its sentences are spoken, one caption cue each.
struct Slide {
  std::string title;
  std::vector<std::string> bullets;  // up to 5 short lines
  std::vector<std::string> flow;     // optional: 2-4 boxes joined by arrows, drawn under the bullets
  std::vector<std::string> say;      // narration, one sentence per caption cue
};

struct Question {
  std::string kind, prompt, feedback;
  std::vector<std::pair<std::string, bool>> options;  // ordering: in the right order; short: accepted answers
};

struct Lesson {
  std::string kind, title;  // video, text or quiz
  int minutes = 5;          // text and quiz; a video's comes from its real length
  std::string body;         // text: Markdown
  std::vector<Slide> slides;
  int pass_mark = 60;
  std::vector<Question> questions;
};

struct Version {
  std::string lang, title, summary, description, outcomes, module;
  std::string cover_alt;  // the cover picture described in this version's language
  std::vector<Lesson> lessons;
};

struct Course {
  std::string key, org, level, audience;
  bool open_access = false;
  std::vector<std::string> competences;  // DigComp 2.2 codes, e.g. "4.2"
  // The cover picture, drawn at seed time (media/illustration.hpp): a symbol on a colour.
  std::string cover_symbol, cover_colour;
  std::vector<Version> versions;         // the original first
};

// Parses one course file; throws std::runtime_error naming the field that is wrong.
Course parse(std::string_view json_text, const std::string& where);
// Every embedded demo course, in file-name order.
std::vector<Course> courses();

}  // namespace cityskills::catalog::demo
