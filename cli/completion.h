#pragma once
// Shell completion scripts generated from a CLI11 definition, so they name
// exactly the subcommands and options --help does and cannot drift.

#include <CLI/CLI.hpp>
#include <string>

namespace rotproof {

// A bash completion script for `app` (installed as `program`): subcommands
// first, then each one's options; file names everywhere else. zsh loads the
// same script through bashcompinit.
std::string BashCompletion(const CLI::App& app, const std::string& program);

// `script` for `shell` ("bash" or "zsh"); "" for any other shell.
std::string CompletionFor(const std::string& shell, const std::string& script);

}  // namespace rotproof
