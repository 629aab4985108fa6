#include "rotproof/content_coding.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace rotproof {
namespace {

// zlib with `window_bits`: 15+32 detects gzip or zlib; -15 is raw deflate.
Result<std::string> Inflate(std::string_view in, int window_bits) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return Status::InvalidInput("inflateInit2 failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[1 << 16];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::InvalidInput("compressed body is corrupt or truncated");
  return out;
}

struct BrotliDeleter {
  void operator()(BrotliDecoderState* s) const { BrotliDecoderDestroyInstance(s); }
};

Result<std::string> Unbrotli(std::string_view in) {
  std::unique_ptr<BrotliDecoderState, BrotliDeleter> s(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr));
  size_t avail_in = in.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  std::string out;
  uint8_t buf[1 << 16];
  BrotliDecoderResult rc;
  do {
    size_t avail_out = sizeof buf;
    uint8_t* next_out = buf;
    rc = BrotliDecoderDecompressStream(s.get(), &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
  } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) return Status::InvalidInput("brotli body is corrupt or truncated");
  return out;
}

}  // namespace

std::string ContentEncodingOf(std::string_view http_head) {
  for (size_t pos = 0; pos < http_head.size();) {
    size_t end = http_head.find("\r\n", pos);
    if (end == std::string_view::npos) end = http_head.size();
    std::string line(http_head.substr(pos, end - pos));
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.rfind("content-encoding:", 0) == 0) return line.substr(17);
    pos = end + 2;
  }
  return "";
}

Result<std::string> DecodeContent(std::string_view body, std::string_view coding) {
  std::string data(body);
  size_t start = 0;
  while (start <= coding.size()) {
    size_t comma = coding.find(',', start);
    std::string c(coding.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    c.erase(std::remove_if(c.begin(), c.end(), ::isspace), c.end());
    std::transform(c.begin(), c.end(), c.begin(), [](unsigned char ch) { return std::tolower(ch); });
    Result<std::string> step = data;
    if (c == "gzip" || c == "x-gzip") {
      step = Inflate(data, 15 + 32);
    } else if (c == "deflate") {
      // Servers send both zlib-wrapped and raw deflate under this name.
      step = Inflate(data, 15 + 32);
      if (!step.ok()) step = Inflate(data, -15);
    } else if (c == "br") {
      step = Unbrotli(data);
    } else if (!c.empty() && c != "identity") {
      return Status::InvalidInput("unknown Content-Encoding '" + c + "'");
    }
    if (!step.ok()) return step.status();
    data = std::move(step).value();
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return data;
}

}  // namespace rotproof
