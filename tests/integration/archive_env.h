#pragma once
// Shared set-up of the integration tests: a real loopback origin, and the
// real binaries run against it through --connect-to.

#include <string>
#include <vector>

#include "fake_origin.h"
#include "run.h"

namespace rotproof::testing {

inline RunResult ArchiveWith(const FakeOrigin& origin, const std::vector<std::string>& posts,
                             const std::string& out_dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {Bin("rotproof"), "archive", "-o", out_dir, "--connect-to",
                                   origin.ConnectTo(), "--retries", "0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.insert(argv.end(), posts.begin(), posts.end());
  return RunProgram(argv);
}

inline RunResult Verify(const std::string& archive, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {Bin("rotproof-verify"), archive};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return RunProgram(argv);
}

}  // namespace rotproof::testing
