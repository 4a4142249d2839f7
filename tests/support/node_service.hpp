#pragma once
// Test helpers that run the Node scripts under tests/support/ (the npm packages in web/):
// the repository's root, and a script started as a service for one test.
#include <cstdio>
#include <string>

namespace cityskills::test {

// The repository's root, found above the test binary (the folder holding web/package.json).
std::string repo_root();

// `node tests/support/SCRIPT`, started now and stopped with this object. The script prints
// "port=N pid=N" as its first line. This object holds the write end of the script's standard
// input: if the test dies, the script sees its input end and exits, and its standard error goes
// to a file, so no orphan keeps ctest's pipes open. `what` names it in failures.
class NodeService {
 public:
  NodeService(const std::string& script, const std::string& what);
  ~NodeService();
  NodeService(const NodeService&) = delete;
  NodeService& operator=(const NodeService&) = delete;
  int port() const { return port_; }

 private:
  FILE* pipe_ = nullptr;
  int stdin_ = -1, port_ = 0, pid_ = 0;
};

}  // namespace cityskills::test
