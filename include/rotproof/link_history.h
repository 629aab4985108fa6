#pragma once
// The history of link checks, in SQLite: one row per URL per check, so a
// link is called dead only after failing again and again over days, and the
// report can say when it was last seen alive. Safe with several runs on one
// file (WAL, a busy timeout, one transaction per check); a killed run loses
// nothing it already recorded.

#include <cstdint>
#include <string>
#include <vector>

#include "rotproof/check.h"
#include "rotproof/sqlite.h"
#include "rotproof/status.h"

namespace rotproof {

// When a run of failures makes a link dead.
struct DeadRule {
  int checks = 3;                   // consecutive failing checks (IsFailure)...
  int64_t seconds = 7 * 24 * 3600;  // ...spanning at least this long
};

// What the history says of one URL as of a time.
struct LinkSummary {
  int64_t last_alive = 0;     // Unix seconds; 0: never seen alive
  int64_t failing_since = 0;  // first check of the current run of failures; 0: not failing
  int consecutive_failures = 0;
  bool dead = false;       // by the rule, counting every check up to then
  int64_t last_check = 0;  // the latest check counted; 0: none
};

class LinkHistory {
 public:
  // Opens (creating) the history at `path`. Errors: IoError naming it.
  static Result<LinkHistory> Open(const std::string& path);

  // Records one check of `url` at `when` (Unix seconds).
  Status Record(const std::string& url, int64_t when, LinkState state, const std::string& detail);

  // The URL's summary counting the checks made at or before `as_of`.
  LinkSummary Summarize(const std::string& url, const DeadRule& rule, int64_t as_of);

  // For the report's chart: per check time (ascending), how many URLs were
  // alive and how many failing then.
  struct Tally {
    int64_t when;
    int alive, failing;
  };
  std::vector<Tally> Tallies();

 private:
  explicit LinkHistory(SqliteDb db) : db_(std::move(db)) {}
  SqliteDb db_;
};

}  // namespace rotproof
