#pragma once
// The options every command that archives shares (archive, localize): how
// references resolve, how fetching behaves, signing, and their checks.

#include <CLI/CLI.hpp>
#include <string>

#include "rotproof/batch.h"
#include "rotproof/status.h"

namespace rotproof {

// The options of the fetching engine (jobs, limits, politeness, routing,
// address policy, TLS), bound to `fetch`: every command that fetches.
void DefineFetchFlags(CLI::App& app, FetchOptions& fetch);

struct BatchFlags {
  BatchOptions batch;
  std::string rules_file, config_file;

  // Adds the options to `app`, bound to the members.
  void Define(CLI::App& app);
  // Once parsed: rules, config, the environment's proxies, the signing key
  // and the capture time into `batch`. Errors: the files' own.
  Status Configure();
};

}  // namespace rotproof
