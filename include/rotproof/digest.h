#pragma once
// SHA-256 through OpenSSL EVP, and the one textual form rotproof writes
// everywhere (WARC headers, CDXJ, datapackage): "sha256:<64 lowercase hex>".

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "rotproof/openssl_handles.h"
#include "rotproof/status.h"

namespace rotproof {

// Incremental SHA-256. Not copyable: it owns an EVP context.
class Sha256 {
 public:
  Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  Sha256(Sha256&&) = default;
  Sha256& operator=(Sha256&&) = default;

  void Update(std::string_view bytes);
  void Update(const void* data, size_t size);
  // Returns "sha256:<hex>" of everything updated so far. REQUIRES: called once.
  std::string Finish();

 private:
  EvpMdCtxPtr ctx_;
};

// "sha256:<hex>" of `bytes`.
std::string Sha256Digest(std::string_view bytes);

// Lowercase hex of raw bytes.
std::string ToHex(std::string_view bytes);

}  // namespace rotproof
