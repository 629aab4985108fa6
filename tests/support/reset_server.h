#pragma once
// A raw TCP server for the one fault HTTP libraries will not produce: it
// answers every request with a header promising 4096 bytes, sends 1024, and
// resets the connection (RST, via SO_LINGER 0).

#include <atomic>
#include <thread>

namespace rotproof::testing {

class ResetServer {
 public:
  ResetServer();
  ~ResetServer();
  ResetServer(const ResetServer&) = delete;
  ResetServer& operator=(const ResetServer&) = delete;
  int port() const { return port_; }

 private:
  void Serve();
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace rotproof::testing
