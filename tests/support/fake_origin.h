#pragma once
// A real HTTP (or HTTPS) server on 127.0.0.1 that stands in for every image
// host and proxy on the web. Tests and the demo reach it through
// --connect-to. What it serves depends on words in the origin URL:
//
//  GET /?<url>            proxy form (cors.zfour.workers.dev style): <url>'s answer
//  GET /web/<ts>id_/<url> on host web.archive.test: a Wayback-style mirror that
//                         has every URL, dead or not ("errorcapture": its
//                         2020 capture is an error page; "capturedredirect":
//                         it redirects to the 2015 one)
//  GET /cdx/search/cdx?url=<url> on web.archive.test: the CDX API's JSON,
//                         captures at 2015-01-01 and 2020-06-01 ("nocapture":
//                         none; "cdx-busy": 429 first)
//  GET /timemap/link/<url> on timetravel.test: the same as a Memento TimeMap
//  GET /<path>            origin form: deterministic PNG bytes for the URL
//  GET http://host/path   absolute form, as an HTTP proxy receives it: the same
//
//  "dead"        404, at origin and through the proxy
//  "proxy-only"  404 at origin, 200 through the proxy
//  "flaky"       503 for the first two requests, then 200
//  "retry-after" 503 with Retry-After: 1 for the first request, then 200
//  "retry-date"  503 with Retry-After as an HTTP-date 2 s ahead, then 200
//  "too-many"    429 with Retry-After: 0 for the first request, then 200
//  "chunked"     Transfer-Encoding: chunked
//  "gzip"        Content-Encoding: gzip (the PNG, gzipped)
//  "brotli"      Content-Encoding: br
//  "zstd"        Content-Encoding: zstd (which rotproof cannot decode)
//  "dup-length"  Content-Length sent twice
//  "bomb"        64 MiB of zeros as a few hundred bytes of br (of spaces as
//                gzip for a ".css"): a decompression bomb
//  "html"        200 text/html: a soft-404 page where an image should be
//  "hotlink"     403 when a Referer is sent, else 200
//  "/goto/<url>"  302 to <url>
//  "loop"        302 to itself
//  "redirect-N"  302 to the same URL with N-1; redirect-0 answers 200
//  "size-N"      N bytes of application/octet-stream, streamed (all zero
//                with "zeros" in the URL too; bytes deflate cannot shrink,
//                as a photo's, with "noise")
//  "endless"     a chunked body that never ends
//  "truncated"   Content-Length larger than the bytes sent before closing
//  "stall"       half the body, then silence until the server stops
//  "same"        one fixed PNG, whatever the URL (a duplicate payload)
//  "slow"        answers after 300 ms
//  "page-N.html" an HTML article linking /style-N.css, /favicon.ico, with an
//                <img>, a <picture>, an inline style url() and a <base href>
//  ".css"        a stylesheet with two url() images (one relative)
//
// After Rot() (links checked long after they were archived), these serve
// their PNG until then, and afterwards:
//  "rot-gone"      410
//  "rot-changed"   other PNG bytes
//  "rot-soft404"   one placeholder PNG for every path (use it in the host)
//  "rot-forbidden" 403, as a bot wall
//  "rot-moved"     301 to the URL with "rot-moved" made "relocated"
//  "rot-unstable"     503

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace rotproof::testing {

class TestCa;

class FakeOrigin {
 public:
  // Starts serving on 127.0.0.1:`port` (0: any free port) in a background
  // thread; HTTPS with certificates from `ca` when it is not null.
  // REQUIRES: port() > 0 afterwards, else the bind failed.
  explicit FakeOrigin(int port = 0, TestCa* ca = nullptr);

  // For benchmarks: wait `ms` before every answer, and serve
  // http://<any host>/posts/<name> from `dir`/<name> when it exists.
  void SetLatency(int ms) { latency_ms_ = ms; }
  void ServePages(const std::string& dir) { pages_dir_ = dir; }
  // From now on the "rot-" words above take effect (GET /__rot does the same).
  void Rot() { rotten_ = true; }
  // Requests and body bytes served so far; GET /__stats answers the same.
  std::pair<uint64_t, uint64_t> Stats() const { return {total_requests_, total_bytes_}; }
  ~FakeOrigin();
  FakeOrigin(const FakeOrigin&) = delete;
  FakeOrigin& operator=(const FakeOrigin&) = delete;

  int port() const { return port_; }
  // "::127.0.0.1:<port>": sends every host:port to this server.
  std::string ConnectTo() const { return "::127.0.0.1:" + std::to_string(port_); }
  // Blocks serving requests (for the stand-alone origin program).
  void Wait();

  // The bytes served for origin URL `url` ("http://host/path?query").
  static std::string BodyFor(const std::string& url);

  // Requests that reached the server for origin URL `url` (either form).
  int RequestCount(const std::string& url) const;
  std::vector<std::chrono::steady_clock::time_point> RequestTimes(const std::string& url) const;
  std::vector<std::string> Referers(const std::string& url) const;
  // The most requests to `host` (Host header; "*": any) the server had at once.
  int PeakConcurrency(const std::string& host) const;

 private:
  struct Seen {
    std::vector<std::chrono::steady_clock::time_point> times;
    std::vector<std::string> referers;
  };
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> latency_ms_{0};
  std::atomic<bool> rotten_{false};
  std::atomic<bool> cdx_busy_answered_{false};
  std::string pages_dir_;
  std::atomic<uint64_t> total_requests_{0}, total_bytes_{0};
  mutable std::mutex mu_;
  std::map<std::string, Seen> seen_;             // by origin URL
  std::map<std::string, int> in_flight_, peak_;  // by Host header
};

}  // namespace rotproof::testing
