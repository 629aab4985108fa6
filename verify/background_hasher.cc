#include "background_hasher.h"

namespace rotproof {

BackgroundHasher::BackgroundHasher(DigestAlgorithm algorithm)
    : algorithm_(algorithm), hasher_(algorithm), worker_([this] { Run(); }) {}

BackgroundHasher::~BackgroundHasher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    finishing_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void BackgroundHasher::Update(std::string_view bytes) {
  if (bytes.empty()) return;
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [this] { return queued_bytes_ < kMaxQueuedBytes; });
  queue_.emplace_back(bytes);
  queued_bytes_ += bytes.size();
  changed_.notify_all();
}

void BackgroundHasher::Run() {
  for (;;) {
    std::string chunk;
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [this] { return !queue_.empty() || finishing_; });
      if (queue_.empty()) return;
      chunk = std::move(queue_.front());
      queue_.pop_front();
    }
    hasher_.Update(chunk);
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_bytes_ -= chunk.size();
    }
    changed_.notify_all();
  }
}

std::string BackgroundHasher::Finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    finishing_ = true;
  }
  changed_.notify_all();
  worker_.join();
  return hasher_.Finish();
}

}  // namespace rotproof
