#pragma once
// `rotproof check`: every archived link probed once through the archiving
// engine (its limits, politeness, Retry-After and address policy), judged
// (check.h), recorded in the history and summarized.

#include <cstdint>
#include <string>
#include <vector>

#include "rotproof/check.h"
#include "rotproof/fetch.h"
#include "rotproof/link_history.h"

namespace rotproof {

struct CheckOptions {
  FetchOptions fetch;  // fetch.spool_dir is made and removed by RunCheck
  bool deep = false;   // download each URL whole and compare digests
  DeadRule rule;
  std::string db_path;  // the history
  int64_t now = 0;      // the check's time, Unix seconds
};

struct CheckedLink {
  std::string url;
  std::vector<WatchedLink> uses;  // every article reference naming it
  Verdict verdict;
  LinkSummary summary;      // with this check
  bool newly_dead = false;  // dead now, not at the check before
};

struct CheckReport {
  int64_t checked_at = 0;
  std::vector<CheckedLink> links;
  std::vector<LinkHistory::Tally> tallies;  // the history's, this check included
  size_t requests = 0;                      // HTTP requests sent, redirects and retries included
  // 1 when some link newly rotted (dead by the rule), else 0.
  int ExitCode() const;
};

// Checks every link of `archives` (WatchedLinksOf): a HEAD each (a whole GET
// with `deep`), a ranged GET where the HEAD is refused or says too little,
// a made-up sibling path where the bytes differ (a placeholder server), and
// records each verdict as it lands. Errors: an archive without a manifest,
// the history cannot be opened or written.
Result<CheckReport> RunCheck(const std::vector<std::string>& archives, const CheckOptions& options);

}  // namespace rotproof
