#pragma once
// A digest computed on a thread of its own, fed copies of the bytes: the
// block digest of a large record then runs beside its payload digest (the
// same bytes less the HTTP head) instead of after it, so checking both
// costs about one hash's time, not two.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "rotproof/digest.h"

namespace rotproof {

class BackgroundHasher {
 public:
  explicit BackgroundHasher(DigestAlgorithm algorithm);
  ~BackgroundHasher();
  BackgroundHasher(const BackgroundHasher&) = delete;
  BackgroundHasher& operator=(const BackgroundHasher&) = delete;

  // Queues a copy of `bytes`; waits while kMaxQueuedBytes are queued.
  void Update(std::string_view bytes);
  // "<label>:<hex>" of everything updated. REQUIRES: called once, last.
  std::string Finish();
  DigestAlgorithm algorithm() const { return algorithm_; }

 private:
  static constexpr size_t kMaxQueuedBytes = 8 << 20;
  void Run();

  DigestAlgorithm algorithm_;
  Hasher hasher_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;
  size_t queued_bytes_ = 0;
  bool finishing_ = false;
  std::thread worker_;
};

}  // namespace rotproof
