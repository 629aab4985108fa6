#pragma once
// Running the real binaries from tests, and small file helpers.

#include <string>
#include <vector>

#include "rotproof/fs.h"

namespace rotproof::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path) to completion, capturing stdout and stderr;
// `env` ("NAME=value") is added to this process's environment.
RunResult RunProgram(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

// Starts `argv` without waiting; its output goes to /dev/null. Returns its
// pid, or -1.
int StartProgram(const std::vector<std::string>& argv);

// Path of a built program ("rotproof", "rotproof-verify").
std::string Bin(const std::string& name);
// Path under tests/fixtures.
std::string Fixture(const std::string& relative);
// A fresh, empty directory for one test.
std::string FreshDir(const std::string& name);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& bytes);
// What `buffer` holds; an error text instead when it cannot be read back.
std::string ReadAll(const SpillBuffer& buffer);

}  // namespace rotproof::testing
