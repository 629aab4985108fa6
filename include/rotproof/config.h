#pragma once
// The --config file (YAML, schemas/config.schema.json): fallback mirrors and
// per-host fetch policies.

#include <string>
#include <vector>

#include "rotproof/fetch.h"
#include "rotproof/status.h"

namespace rotproof {

struct Config {
  // URL templates tried after every candidate failed; {url} is the origin
  // URL, {timestamp} the article's date as YYYYMMDDhhmmss.
  std::vector<std::string> mirrors;
  std::vector<HostPolicy> hosts;
  // Non-public hosts and ranges that may be fetched (--allow-private).
  std::vector<std::string> allow_private;
};

// Parses YAML; `source` names it in messages ("config.yaml:3: ...").
Result<Config> ParseConfig(const std::string& yaml, const std::string& source);
Result<Config> LoadConfig(const std::string& path);

}  // namespace rotproof
