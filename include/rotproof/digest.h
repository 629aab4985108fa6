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

// The digest algorithms web archives label their digests with.
enum class DigestAlgorithm { kSha1, kSha256, kSha512, kMd5 };

// Its canonical label ("sha1", "sha256", "sha512", "md5") and its size in bytes.
const char* DigestLabel(DigestAlgorithm algorithm);
size_t DigestSize(DigestAlgorithm algorithm);

// Incremental digest through OpenSSL's EVP. Not copyable: it owns an EVP
// context.
class Hasher {
 public:
  explicit Hasher(DigestAlgorithm algorithm);
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  Hasher(Hasher&&) = default;
  Hasher& operator=(Hasher&&) = default;

  void Update(std::string_view bytes);
  void Update(const void* data, size_t size);
  // Returns "<label>:<hex>" of everything updated so far. REQUIRES: called once.
  std::string Finish();
  // The digest's raw bytes. REQUIRES: called once, instead of Finish.
  std::string FinishRaw();
  DigestAlgorithm algorithm() const { return algorithm_; }

 private:
  DigestAlgorithm algorithm_;
  EvpMdCtxPtr ctx_;
};

// Incremental SHA-256, the digest rotproof writes.
class Sha256 : public Hasher {
 public:
  Sha256() : Hasher(DigestAlgorithm::kSha256) {}
};

// "sha256:<hex>" of `bytes`.
std::string Sha256Digest(std::string_view bytes);

// Lowercase hex of raw bytes.
std::string ToHex(std::string_view bytes);

// Standard Base64 (RFC 4648 section 4, padded) of raw bytes.
std::string ToBase64(std::string_view bytes);

}  // namespace rotproof
