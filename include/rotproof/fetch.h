#pragma once
// Fetching: every URL downloaded once, concurrently, through libcurl's multi
// interface, with every HTTP exchange kept for the WARC.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/exchange.h"
#include "rotproof/status.h"

namespace rotproof {

// How to talk to some hosts: hot-link protection and politeness.
struct HostPolicy {
  std::vector<std::string> match;    // host patterns, "*.example.com" for suffixes
  std::string referer;               // sent as Referer; dropped again after a 403
  std::string user_agent;            // replaces FetchOptions::user_agent
  std::vector<std::string> headers;  // extra "Name: value" request headers
  long delay_ms = -1;                // gap after each request to one host; -1: global
};

struct FetchOptions {
  // As browsers do: dozens of transfers in all, six connections to one host
  // at most (polite to one server, fast across the many an article uses;
  // scripts/bench-archive.sh at 50 ms: 0.83 s against 1.81 s with 8/4).
  int jobs = 32;                // concurrent transfers in all
  int per_host = 6;             // concurrent connections to one host
  int retries = 2;              // extra attempts after a transient failure
  long backoff_ms = 250;        // first retry delay; doubles, plus jitter
  long max_retry_after_s = 30;  // cap on a server's Retry-After
  long timeout_s = 30;          // whole transfer, per attempt
  long connect_timeout_s = 10;
  long low_speed_time_s = 30;             // abort when under 1 byte/s for this long
  long delay_ms = 0;                      // politeness: one request at a time to a host, this gap after each
  std::vector<HostPolicy> host_policies;  // first match wins
  int max_redirects = 5;                  // hops followed; each is recorded
  // Body bytes kept of one response: an endless body is cut here. 0: as
  // many as a WARC record may hold (warc_format::kMaxRecordBytes less room
  // for the heads), which is also the most any value gets.
  uint64_t max_asset_bytes = uint64_t{512} << 20;
  std::vector<std::string> connect_to;  // curl --connect-to HOST:PORT:HOST2:PORT2
  std::vector<std::string> resolve;     // curl --resolve HOST:PORT:ADDR
  // Hosts ("*.corp.example") and ranges ("10.0.0.0/8") fetched though not
  // public (AddressPolicy); hosts in connect_to/resolve are allowed anyway.
  std::vector<std::string> allow_private;
  std::string cacert;  // CA bundle file; empty: system CAs
  std::string user_agent = "rotproof/" ROTPROOF_VERSION;
  std::string spool_dir;  // REQUIRED: where response bodies go
  // What each request asks for: the whole body (archiving), or, to probe a
  // link, the head only (HEAD: the server's Content-Length is kept as
  // X-Orig-Content-Length beside the empty body) or the first KiB (a
  // ranged GET; a 206 says the whole length in Content-Range).
  enum class Request { kWhole, kHead, kFirstBytes } request = Request::kWhole;
};

// Where bytes come from. The pipeline depends only on this, so logic above
// the network can be tested with a fake.
class Transport {
 public:
  virtual ~Transport() = default;
  // Starts fetching `urls` (distinct, none of them in flight). Once
  // `byte_budget` body bytes (0: no limit) have arrived for these URLs, the
  // rest of them fail.
  virtual void Submit(const std::vector<std::string>& urls, uint64_t byte_budget) = 0;
  // Blocks until some submitted URLs are finished and returns their
  // outcomes, one per URL, in the order they finished; returns nothing when
  // nothing is in flight, or early when Wakeup() was called. Never fails as
  // a whole.
  virtual std::vector<FetchOutcome> Wait() = 0;
  // Makes a Wait() in progress (or the next one) return at once. The one
  // method that may be called from another thread.
  virtual void Wakeup() {}
};

// The real transport: libcurl's multi interface, transfers started as slots
// (--jobs, --per-host) and politeness delays allow, whoever submitted them.
// REQUIRES: curl_global_init was called (main does).
class CurlTransport : public Transport {
 public:
  explicit CurlTransport(FetchOptions options);
  ~CurlTransport() override;
  void Submit(const std::vector<std::string>& urls, uint64_t byte_budget) override;
  std::vector<FetchOutcome> Wait() override;
  void Wakeup() override;

 private:
  struct Engine;
  std::unique_ptr<Engine> engine_;
};

}  // namespace rotproof
