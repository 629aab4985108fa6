#pragma once
// HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) undone as the bytes
// stream past: WARC 1.1 says a payload digest covers the entity with the
// transfer coding removed, but many writers hashed the chunked bytes, so
// the verifier computes both.

#include <cstdint>
#include <string>
#include <string_view>

#include "rotproof/digest.h"

namespace rotproof {

class ChunkedDecoder {
 public:
  // Hashes the de-chunked entity with `algorithm`.
  explicit ChunkedDecoder(DigestAlgorithm algorithm) : entity_(algorithm) {}

  // The next bytes of the chunked body.
  void Feed(std::string_view bytes);
  // The entity's digest ("<label>:<hex>"), or "" when the bytes were not a
  // whole, well-formed chunked body. REQUIRES: called once.
  std::string Finish();

 private:
  enum class State { kSize, kExtension, kSizeLf, kData, kDataCr, kDataLf, kTrailer, kDone, kBad };
  State state_ = State::kSize;
  uint64_t size_ = 0;
  int size_digits_ = 0;
  size_t trailer_line_ = 0;  // bytes of the current trailer line
  Hasher entity_;
};

}  // namespace rotproof
