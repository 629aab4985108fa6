#pragma once
// A Transport that answers from a table instead of the network, for tests
// of the logic above the transport (candidate order, rounds, dedup).

#include <map>
#include <string>
#include <vector>

#include "rotproof/fetch.h"

namespace rotproof::testing {

// A fetch of `url` that served `body` with 200 (as image/png), its heads
// filled in, held in memory.
FetchOutcome Fetched(const std::string& url, const std::string& body);

class FakeTransport : public Transport {
 public:
  explicit FakeTransport(std::string spool_dir) : spool_dir_(std::move(spool_dir)) {}
  // `url` answers 200 with `body` (typed `content_type`); every other URL
  // answers 404.
  void Serve(const std::string& url, const std::string& body, const std::string& content_type = "image/png") {
    bodies_[url] = {body, content_type};
  }
  void Submit(const std::vector<std::string>& urls, uint64_t byte_budget) override;
  // Everything submitted since the last Wait.
  std::vector<FetchOutcome> Wait() override;
  // Every URL asked for, in order, one entry per Submit call.
  const std::vector<std::vector<std::string>>& rounds() const { return rounds_; }

 private:
  std::string spool_dir_;
  std::map<std::string, std::pair<std::string, std::string>> bodies_;
  std::vector<std::vector<std::string>> rounds_;
  std::vector<FetchOutcome> done_;
  int next_ = 0;
};

}  // namespace rotproof::testing
