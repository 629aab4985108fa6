#pragma once
// A certificate authority made at test time, so HTTPS tests need no files
// from outside: its certificate goes to a PEM file for --cacert, and it
// signs a server certificate for whatever host name a client asks for (SNI).

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "rotproof/openssl_handles.h"

namespace rotproof::testing {

struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

class TestCa {
 public:
  // A new CA (EC P-256, valid for a day); its certificate is written to `pem_path`.
  explicit TestCa(const std::string& pem_path);
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  const std::string& pem_path() const { return pem_path_; }
  // Makes `ctx` present, for each SNI host name, a certificate this CA signs
  // on first use. REQUIRES: this CA outlives `ctx`.
  void Install(SSL_CTX* ctx);

 private:
  static int OnServerName(SSL* ssl, int* alert, void* self);
  const std::pair<X509Ptr, EvpPkeyPtr>& LeafFor(const std::string& host);

  std::string pem_path_;
  EvpPkeyPtr key_;
  X509Ptr cert_;
  std::mutex mu_;
  std::map<std::string, std::pair<X509Ptr, EvpPkeyPtr>> leaves_;
  long serial_ = 1;
};

}  // namespace rotproof::testing
