#pragma once
// The batch's fetches, kept for reuse by later articles: a URL fetched for
// one article is not fetched again for the next. Bounded: past kCacheBytes
// the oldest fetches no article in flight uses are dropped (and fetched
// again if a later article needs them), so memory stays flat however long
// the batch.

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "rotproof/fetch.h"

namespace rotproof {

class FetchCache {
 public:
  static constexpr uint64_t kCacheBytes = 16 << 20;

  explicit FetchCache(Transport& transport) : transport_(transport) {}

  // The fetch of `url`, or nullptr when it has not finished (or was dropped).
  const FetchOutcome* Find(const std::string& url) const;

  // Submits the `urls` neither fetched nor in transit (with a byte budget,
  // one group at a time), then waits for the first fetches to finish and
  // keeps them: the transport keeps working while the caller plans what
  // their outcomes call for next.
  void FetchSome(const std::vector<std::string>& urls, uint64_t byte_budget, bool budgeted);

  // Keeps `outcome`, fetched some other way (a local file), as if the
  // transport had fetched it; returns where it is kept.
  const FetchOutcome* Keep(FetchOutcome outcome);

  bool Full() const { return bytes_ > kCacheBytes; }
  // Drops the oldest fetches, down to half of kCacheBytes, except those of
  // `pinned` URLs (used by an article in flight or being written).
  void Evict(const std::set<std::string>& pinned);

 private:
  Transport& transport_;
  std::map<std::string, FetchOutcome> fetched_;
  std::deque<std::string> order_;  // the fetched URLs, oldest first
  uint64_t bytes_ = 0;             // FootprintOf every fetch kept
  std::set<std::string> in_transit_;
};

// Bytes a fetch holds in memory, roughly.
uint64_t FootprintOf(const FetchOutcome& o);

}  // namespace rotproof
