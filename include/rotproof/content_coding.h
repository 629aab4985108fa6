#pragma once
// HTTP Content-Encoding, undone: archives keep bodies exactly as the server
// sent them, and restore turns them back into the files a browser would see.
// Decoding streams and is bounded: 3 KB of brotli can claim 4 GiB.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

struct DecodeLimits {
  uint64_t max_bytes = uint64_t{1} << 30;  // decoded bytes in all
  // Decoded / encoded bytes, checked once more than 1 MiB is decoded.
  uint64_t max_ratio = 1000;
};

// Where decoded bytes go, piece by piece; a non-OK Status stops decoding.
using DecodedSink = std::function<Status(std::string_view)>;

// Undoes a Content-Encoding value ("gzip", "x-gzip", "deflate", "br",
// "identity", or a comma-separated chain listed in the order the codings
// were applied, so undone from the last) on a body fed
// in pieces of any size, holding one buffer per coding.
class ContentDecoder {
 public:
  enum class Coding { kGzip, kDeflate, kBrotli };

  // Errors: InvalidInput naming an unknown coding.
  static Result<ContentDecoder> Create(std::string_view coding, const DecodeLimits& limits = {});
  ContentDecoder(ContentDecoder&&) noexcept;
  ContentDecoder& operator=(ContentDecoder&&) noexcept;
  ~ContentDecoder();

  // Decodes the next bytes of the body into `out`. Errors: InvalidInput for
  // corrupt data or output over the limits (the message says which), or
  // what `out` returned.
  Status Feed(std::string_view body, const DecodedSink& out);
  // The body ended. Errors: InvalidInput when a compressed stream is cut off.
  Status Finish(const DecodedSink& out);

 private:
  struct Stage;
  ContentDecoder(std::vector<std::unique_ptr<Stage>> stages, DecodeLimits limits);
  Status Emit(std::string_view decoded, const DecodedSink& out);
  Status Run(size_t stage, std::string_view in, bool last, const DecodedSink& out);

  std::vector<std::unique_ptr<Stage>> stages_;
  DecodeLimits limits_;
  uint64_t in_bytes_ = 0, out_bytes_ = 0;
};

// OK when ContentDecoder can undo `coding`; else why not (InvalidInput
// naming the unknown coding). Cheap: decides without decoding anything.
Status CheckContentCoding(std::string_view coding);

// The whole of `body` decoded per `coding`, as ContentDecoder.
Result<std::string> DecodeContent(std::string_view body, std::string_view coding, const DecodeLimits& limits = {});

// The Content-Encoding value of an HTTP head ("HTTP/1.1 200 OK\r\n..."), or "".
std::string ContentEncodingOf(std::string_view http_head);

}  // namespace rotproof
