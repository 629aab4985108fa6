#include "rotproof/link_history.h"

#include <chrono>
#include <thread>

namespace rotproof {

Result<LinkHistory> LinkHistory::Open(const std::string& path) {
  // WAL lets a report read while another run writes; the busy timeout
  // makes concurrent writers wait their turn. Turning WAL on (once, when
  // the file is new) needs the file to itself and does not wait: two runs
  // starting together on a new history retry it, each on a fresh
  // connection (an error sticks to one).
  Status last;
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto db = SqliteDb::Open(path);
    if (!db.ok()) return db.status();
    last = db->Exec(
        "PRAGMA busy_timeout=30000; PRAGMA journal_mode=WAL; "
        "CREATE TABLE IF NOT EXISTS checks(url TEXT NOT NULL, checked_at INTEGER NOT NULL, state TEXT NOT NULL, "
        "detail TEXT NOT NULL); CREATE INDEX IF NOT EXISTS checks_by_url ON checks(url, checked_at)");
    if (last.ok()) return LinkHistory(std::move(db).value());
    if (last.message().find("locked") == std::string::npos && last.message().find("busy") == std::string::npos)
      return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 10 * attempt));
  }
  return last;
}

Status LinkHistory::Record(const std::string& url, int64_t when, LinkState state, const std::string& detail) {
  db_.Prepare("INSERT INTO checks(url, checked_at, state, detail) VALUES (?, ?, ?, ?)")
      .Bind(1, url)
      .Bind(2, static_cast<uint64_t>(when))
      .Bind(3, LinkStateName(state))
      .Bind(4, detail)
      .Step();
  return db_.status();
}

LinkSummary LinkHistory::Summarize(const std::string& url, const DeadRule& rule, int64_t as_of) {
  LinkSummary s;
  SqliteStatement rows =
      db_.Prepare("SELECT checked_at, state FROM checks WHERE url = ? AND checked_at <= ? ORDER BY checked_at, rowid");
  rows.Bind(1, url).Bind(2, static_cast<uint64_t>(as_of));
  while (rows.Step()) {
    auto when = static_cast<int64_t>(rows.Number(0));
    std::string state = rows.Text(1);
    s.last_check = when;
    bool failure = state == "gone" || state == "soft-404" || state == "flaky";
    if (state == "alive") s.last_alive = when;
    if (failure) {
      if (s.consecutive_failures++ == 0) s.failing_since = when;
    } else if (state != "blocked") {  // blocked tells nothing either way
      s.consecutive_failures = 0;
      s.failing_since = 0;
    }
  }
  s.dead = s.consecutive_failures >= rule.checks && as_of - s.failing_since >= rule.seconds;
  return s;
}

std::vector<LinkHistory::Tally> LinkHistory::Tallies() {
  std::vector<Tally> tallies;
  SqliteStatement rows = db_.Prepare(
      "SELECT checked_at, SUM(state = 'alive'), SUM(state IN ('gone', 'soft-404', 'flaky')) FROM checks "
      "GROUP BY checked_at ORDER BY checked_at");
  while (rows.Step())
    tallies.push_back(
        {static_cast<int64_t>(rows.Number(0)), static_cast<int>(rows.Number(1)), static_cast<int>(rows.Number(2))});
  return tallies;
}

}  // namespace rotproof
