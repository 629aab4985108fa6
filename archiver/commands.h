#pragma once
// The rotproof CLI's subcommands: each defines its options on its CLI11
// subcommand and runs once they are parsed. main.cc holds the table.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "rotproof/status.h"

namespace rotproof {

class Command {
 public:
  virtual ~Command() = default;
  // Adds this command's options and arguments to `app`.
  virtual void Define(CLI::App& app) = 0;
  // Runs with the parsed options; returns the exit code (README, "Exit codes").
  virtual int Run() = 0;
};

std::unique_ptr<Command> MakeArchiveCommand();
std::unique_ptr<Command> MakeRestoreCommand();
std::unique_ptr<Command> MakeLocalizeCommand();
std::unique_ptr<Command> MakeCheckCommand();
std::unique_ptr<Command> MakeRescueCommand();
std::unique_ptr<Command> MakeReportCommand();
std::unique_ptr<Command> MakePackCommand();
std::unique_ptr<Command> MakeListCommand();
std::unique_ptr<Command> MakeKeygenCommand();

// Prints `status` as "rotproof: <message>" and returns its exit code.
inline int Fail(const Status& status) {
  std::fprintf(stderr, "rotproof: %s\n", status.message().c_str());
  return status.ExitCode();
}

}  // namespace rotproof
