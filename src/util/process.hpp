#pragma once
// Running a helper program (ffmpeg, ffprobe, espeak-ng) without a shell.
#include <string>
#include <vector>

namespace cityskills::util {

struct ProcessResult {
  int status = -1;  // exit status; 127 when the program could not be started; -1 on a signal
  std::string out;  // standard output (at most about 1 MiB)
};
// Runs argv[0] (looked up in PATH) with standard input and error on /dev/null.
ProcessResult run_process(const std::vector<std::string>& argv);

}  // namespace cityskills::util
