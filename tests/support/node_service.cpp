#include "support/node_service.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

namespace cityskills::test {

std::string repo_root() {
  auto dir = std::filesystem::canonical("/proc/self/exe").parent_path();
  while (!dir.empty() && dir != dir.root_path() && !std::filesystem::exists(dir / "web" / "package.json"))
    dir = dir.parent_path();
  return dir.string();
}

NodeService::NodeService(const std::string& script, const std::string& what) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe";
    return;
  }
  auto path = repo_root() + "/tests/support/" + script;
  auto log = (std::filesystem::temp_directory_path() /
              ("cityskills-" + std::filesystem::path(script).stem().string() + ".log"))
                 .string();
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  std::vector<char*> argv = {const_cast<char*>("node"), path.data(), nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "node", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(out[1]);
  stdin_ = in[1];
  pipe_ = fdopen(out[0], "r");
  char line[128] = {0};
  if (rc != 0 || !pipe_ || !fgets(line, sizeof line, pipe_) || std::sscanf(line, "port=%d pid=%d", &port_, &pid_) != 2)
    ADD_FAILURE() << what << " did not start (see " << log << "): " << line;
  if (pid_ <= 0) pid_ = pid;
}

NodeService::~NodeService() {
  if (stdin_ >= 0) close(stdin_);
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  if (pipe_) fclose(pipe_);
}

}  // namespace cityskills::test
