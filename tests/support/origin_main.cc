// rotproof-origin: the fake web of tests/support/fake_origin.h as a program,
// for the demo and for manual runs. Prints "listening on 127.0.0.1:PORT".

#include <cstdio>
#include <cstdlib>

#include "fake_origin.h"

int main(int argc, char** argv) {
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  rotproof::testing::FakeOrigin origin(port);
  if (origin.port() <= 0) {
    std::fprintf(stderr, "rotproof-origin: cannot listen on 127.0.0.1:%d\n", port);
    return 2;
  }
  std::printf("listening on 127.0.0.1:%d\n", origin.port());
  std::fflush(stdout);
  origin.Wait();
  return 0;
}
