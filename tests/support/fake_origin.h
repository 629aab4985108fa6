#pragma once
// A real HTTP server on 127.0.0.1 that stands in for every image host and
// proxy on the web. Tests and the demo reach it through --connect-to.
//
//  GET /?<url>           proxy form (cors.zfour.workers.dev style): the
//                        origin's bytes for <url>
//  GET /<path>           origin form: deterministic PNG bytes for Host+path
//  any URL with "dead"   404 at origin and through the proxy
//  any URL with "flaky"  503 for its first two requests, then the bytes
//  any URL with "chunked" the bytes with Transfer-Encoding: chunked

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace rotproof::testing {

class FakeOrigin {
 public:
  // Starts serving on 127.0.0.1:`port` (0: any free port) in a background
  // thread. REQUIRES: port() > 0 afterwards, else the bind failed.
  explicit FakeOrigin(int port = 0);
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
  static bool IsDead(const std::string& url) { return url.find("dead") != std::string::npos; }

  // How many requests reached the server for origin URL `url` (either form).
  int RequestCount(const std::string& url) const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::map<std::string, int> requests_;  // by origin URL
};

}  // namespace rotproof::testing
