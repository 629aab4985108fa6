#include "fetch_cache.h"

#include <filesystem>

namespace rotproof {

uint64_t FootprintOf(const FetchOutcome& o) {
  uint64_t n = sizeof(FetchOutcome) + o.url.size() + o.error.size();
  for (const Exchange& x : o.hops)
    n += sizeof(Exchange) + x.url.size() + x.request_head.size() + x.response_head.size() + x.body.size() +
         x.content_type.size() + x.location.size() + x.body_path.size() + x.payload_digest.size();
  return n;
}

const FetchOutcome* FetchCache::Find(const std::string& url) const {
  auto it = fetched_.find(url);
  return it == fetched_.end() ? nullptr : &it->second;
}

void FetchCache::FetchSome(const std::vector<std::string>& urls, uint64_t byte_budget, bool budgeted) {
  // A byte budget is counted per submitted group: then one group at a time.
  if (!budgeted || in_transit_.empty()) {
    std::vector<std::string> missing;
    for (const std::string& u : urls)
      if (!fetched_.count(u) && in_transit_.insert(u).second) missing.push_back(u);
    if (!missing.empty()) transport_.Submit(missing, byte_budget);
  }
  for (FetchOutcome& o : transport_.Wait()) {
    in_transit_.erase(o.url);
    Keep(std::move(o));
  }
}

const FetchOutcome* FetchCache::Keep(FetchOutcome outcome) {
  auto [it, added] = fetched_.try_emplace(outcome.url);
  if (added) {
    it->second = std::move(outcome);
    bytes_ += FootprintOf(it->second);
    order_.push_back(it->first);
  }
  return &it->second;
}

void FetchCache::Evict(const std::set<std::string>& pinned) {
  std::deque<std::string> kept;
  while (bytes_ > kCacheBytes / 2 && !order_.empty()) {
    std::string url = std::move(order_.front());
    order_.pop_front();
    if (pinned.count(url)) {
      kept.push_back(std::move(url));
      continue;
    }
    auto it = fetched_.find(url);
    bytes_ -= FootprintOf(it->second);
    std::error_code ec;
    for (const Exchange& x : it->second.hops)
      if (!x.body_path.empty() && !x.local) std::filesystem::remove(x.body_path, ec);
    fetched_.erase(it);
  }
  order_.insert(order_.begin(), kept.begin(), kept.end());
}

}  // namespace rotproof
