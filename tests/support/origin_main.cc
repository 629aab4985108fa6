// rotproof-origin: the fake web of tests/support/fake_origin.h as a program,
// for the demo and the benchmarks. Prints "listening on 127.0.0.1:PORT";
// with --tls CA_PEM it also serves HTTPS on a second port, with
// certificates of a test CA it writes to CA_PEM, and prints the rotproof
// options that reach both ("use: --connect-to ... --cacert CA_PEM").
//   rotproof-origin [PORT] [--latency-ms N] [--pages DIR] [--tls CA_PEM]

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "fake_origin.h"
#include "test_ca.h"

int main(int argc, char** argv) {
  int port = 0, latency = 0;
  std::string pages, ca_pem;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--latency-ms") == 0 && i + 1 < argc) {
      latency = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--pages") == 0 && i + 1 < argc) {
      pages = argv[++i];
    } else if (std::strcmp(argv[i], "--tls") == 0 && i + 1 < argc) {
      ca_pem = argv[++i];
    } else {
      port = std::atoi(argv[i]);
    }
  }
  rotproof::testing::FakeOrigin origin(port);
  if (origin.port() <= 0) {
    std::fprintf(stderr, "rotproof-origin: cannot listen on 127.0.0.1:%d\n", port);
    return 2;
  }
  std::unique_ptr<rotproof::testing::TestCa> ca;
  std::unique_ptr<rotproof::testing::FakeOrigin> tls;
  origin.SetLatency(latency);
  if (!pages.empty()) origin.ServePages(pages);
  std::printf("listening on 127.0.0.1:%d\n", origin.port());
  if (!ca_pem.empty()) {
    ca = std::make_unique<rotproof::testing::TestCa>(ca_pem);
    tls = std::make_unique<rotproof::testing::FakeOrigin>(0, ca.get());
    if (tls->port() <= 0) {
      std::fprintf(stderr, "rotproof-origin: cannot listen for TLS\n");
      return 2;
    }
    tls->SetLatency(latency);
    if (!pages.empty()) tls->ServePages(pages);
    std::printf(
        "listening (TLS) on 127.0.0.1:%d\nuse: --connect-to :80:127.0.0.1:%d --connect-to :443:127.0.0.1:%d "
        "--cacert %s\n",
        tls->port(), origin.port(), tls->port(), ca_pem.c_str());
  }
  std::fflush(stdout);
  origin.Wait();
  return 0;
}
