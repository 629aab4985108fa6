// rotproof-origin: the fake web of tests/support/fake_origin.h as a program,
// for the demo and the benchmarks. Prints "listening on 127.0.0.1:PORT".
//   rotproof-origin [PORT] [--latency-ms N] [--pages DIR]

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fake_origin.h"

int main(int argc, char** argv) {
  int port = 0, latency = 0;
  std::string pages;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--latency-ms") == 0 && i + 1 < argc) {
      latency = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--pages") == 0 && i + 1 < argc) {
      pages = argv[++i];
    } else {
      port = std::atoi(argv[i]);
    }
  }
  rotproof::testing::FakeOrigin origin(port);
  if (origin.port() <= 0) {
    std::fprintf(stderr, "rotproof-origin: cannot listen on 127.0.0.1:%d\n", port);
    return 2;
  }
  origin.SetLatency(latency);
  if (!pages.empty()) origin.ServePages(pages);
  std::printf("listening on 127.0.0.1:%d\n", origin.port());
  std::fflush(stdout);
  origin.Wait();
  return 0;
}
