#include "rotproof/content_coding.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <utility>

#include "rotproof/http_head.h"
#include "rotproof/text.h"

namespace rotproof {
namespace {

constexpr size_t kChunk = 1 << 16;
constexpr uint64_t kRatioCheckedPast = 1 << 20;

Status Corrupt(const std::string& what) { return Status::InvalidInput(what + " body is corrupt or truncated"); }

}  // namespace

// One coding of the chain: consumes encoded bytes, hands on decoded ones.
struct ContentDecoder::Stage {
  using Kind = Coding;
  Kind kind = Kind::kGzip;
  z_stream z{};
  bool z_open = false;
  BrotliDecoderState* brotli = nullptr;
  bool done = false;  // the compressed stream ended
  std::string first;  // "deflate": a first byte alone, until the second comes
  std::string buf = std::string(kChunk, '\0');

  ~Stage() {
    if (z_open) inflateEnd(&z);
    if (brotli != nullptr) BrotliDecoderDestroyInstance(brotli);
  }

  // Decodes `in`, calling `next` with each piece of output.
  Status Decode(std::string_view in, const std::function<Status(std::string_view)>& next) {
    switch (kind) {
      case Kind::kBrotli:
        return Unbrotli(in, next);
      default:
        return Inflate(in, next);
    }
  }

  Status Inflate(std::string_view in, const std::function<Status(std::string_view)>& next) {
    if (done || in.empty()) return Status::Ok();
    if (!z_open) {
      // "deflate" is zlib-wrapped by the standard and raw by many servers:
      // a valid zlib header (two bytes, which may come apart) tells them
      // apart. 15+32 detects gzip or zlib.
      bool deflate = kind == Kind::kDeflate;
      if (deflate && first.empty() && in.size() < 2) {
        first.assign(in);
        return Status::Ok();
      }
      auto b0 = static_cast<unsigned char>(first.empty() ? in[0] : first[0]);
      auto b1 = static_cast<unsigned char>(first.empty() ? in[1] : in[0]);
      bool zlib = (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
      if (inflateInit2(&z, deflate && !zlib ? -15 : 15 + 32) != Z_OK)
        return Status::InvalidInput("inflateInit2 failed");
      z_open = true;
      if (!first.empty()) ROTPROOF_RETURN_IF_ERROR(InflateOpen(std::exchange(first, {}), next));
    }
    return InflateOpen(in, next);
  }

  Status InflateOpen(std::string_view in, const std::function<Status(std::string_view)>& next) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    while (z.avail_in > 0 && !done) {
      z.next_out = reinterpret_cast<Bytef*>(buf.data());
      z.avail_out = static_cast<uInt>(buf.size());
      int rc = inflate(&z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && z.avail_in == 0)) return Corrupt("compressed");
      done = rc == Z_STREAM_END;
      if (size_t have = buf.size() - z.avail_out; have > 0) ROTPROOF_RETURN_IF_ERROR(next({buf.data(), have}));
    }
    return Status::Ok();
  }

  Status Unbrotli(std::string_view in, const std::function<Status(std::string_view)>& next) {
    if (done) return Status::Ok();
    if (brotli == nullptr) brotli = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (brotli == nullptr) return Status::InvalidInput("cannot allocate a brotli decoder");
    size_t avail_in = in.size();
    const auto* next_in = reinterpret_cast<const uint8_t*>(in.data());
    for (;;) {
      size_t avail_out = buf.size();
      auto* next_out = reinterpret_cast<uint8_t*>(buf.data());
      BrotliDecoderResult rc =
          BrotliDecoderDecompressStream(brotli, &avail_in, &next_in, &avail_out, &next_out, nullptr);
      if (rc == BROTLI_DECODER_RESULT_ERROR) return Corrupt("brotli");
      if (size_t have = buf.size() - avail_out; have > 0) ROTPROOF_RETURN_IF_ERROR(next({buf.data(), have}));
      if (rc == BROTLI_DECODER_RESULT_SUCCESS) done = true;
      if (rc != BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) return Status::Ok();
    }
  }

  Status Finish() const {
    if (done) return Status::Ok();
    return Corrupt(kind == Kind::kBrotli ? "brotli" : "compressed");
  }
};

namespace {

using Kind = ContentDecoder::Coding;

// The codings of a Content-Encoding value, in the order they are undone
// (the reverse of the order they were applied); identity dropped.
Result<std::vector<Kind>> CodingsToUndo(std::string_view coding) {
  std::vector<Kind> kinds;
  size_t start = 0;
  while (start <= coding.size()) {
    size_t comma = coding.find(',', start);
    std::string c(coding.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    c.erase(std::remove_if(c.begin(), c.end(), ::isspace), c.end());
    c = AsciiLower(c);
    if (c == "gzip" || c == "x-gzip") {
      kinds.insert(kinds.begin(), Kind::kGzip);
    } else if (c == "deflate") {
      kinds.insert(kinds.begin(), Kind::kDeflate);
    } else if (c == "br") {
      kinds.insert(kinds.begin(), Kind::kBrotli);
    } else if (!c.empty() && c != "identity") {
      return Status::InvalidInput("unknown Content-Encoding '" + c + "'");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return kinds;
}

}  // namespace

Status CheckContentCoding(std::string_view coding) {
  auto kinds = CodingsToUndo(coding);
  return kinds.ok() ? Status::Ok() : kinds.status();
}

Result<ContentDecoder> ContentDecoder::Create(std::string_view coding, const DecodeLimits& limits) {
  auto kinds = CodingsToUndo(coding);
  if (!kinds.ok()) return kinds.status();
  std::vector<std::unique_ptr<Stage>> stages;
  for (Kind kind : *kinds) {
    stages.push_back(std::make_unique<Stage>());
    stages.back()->kind = kind;
  }
  return ContentDecoder(std::move(stages), limits);
}

ContentDecoder::ContentDecoder(std::vector<std::unique_ptr<Stage>> stages, DecodeLimits limits)
    : stages_(std::move(stages)), limits_(limits) {}
ContentDecoder::ContentDecoder(ContentDecoder&&) noexcept = default;
ContentDecoder& ContentDecoder::operator=(ContentDecoder&&) noexcept = default;
ContentDecoder::~ContentDecoder() = default;

Status ContentDecoder::Emit(std::string_view decoded, const DecodedSink& out) {
  out_bytes_ += decoded.size();
  if (out_bytes_ > limits_.max_bytes)
    return Status::InvalidInput("decodes to more than " + std::to_string(limits_.max_bytes) + " bytes");
  if (out_bytes_ > kRatioCheckedPast && out_bytes_ / std::max<uint64_t>(in_bytes_, 1) > limits_.max_ratio)
    return Status::InvalidInput("decodes to more than " + std::to_string(limits_.max_ratio) +
                                " times its size (a decompression bomb)");
  return out(decoded);
}

// Feeds `in` to stage `stage`, whose output goes to the next stage, the
// last stage's to `out`.
Status ContentDecoder::Run(size_t stage, std::string_view in, bool last, const DecodedSink& out) {
  if (stage == stages_.size()) return in.empty() ? Status::Ok() : Emit(in, out);
  auto next = [&](std::string_view piece) { return Run(stage + 1, piece, false, out); };
  ROTPROOF_RETURN_IF_ERROR(stages_[stage]->Decode(in, next));
  if (!last) return Status::Ok();
  ROTPROOF_RETURN_IF_ERROR(stages_[stage]->Finish());
  return Run(stage + 1, {}, true, out);
}

Status ContentDecoder::Feed(std::string_view body, const DecodedSink& out) {
  // In small steps, so that the ratio compares output with the input that
  // made it: fed 64 KiB at once, a bomb would reach 64 MiB before the ratio
  // check could tell.
  constexpr size_t kStep = 1024;
  for (size_t at = 0; at < body.size(); at += kStep) {
    std::string_view step = body.substr(at, kStep);
    in_bytes_ += step.size();
    ROTPROOF_RETURN_IF_ERROR(Run(0, step, false, out));
  }
  return Status::Ok();
}

Status ContentDecoder::Finish(const DecodedSink& out) { return Run(0, {}, true, out); }

Result<std::string> DecodeContent(std::string_view body, std::string_view coding, const DecodeLimits& limits) {
  auto decoder = ContentDecoder::Create(coding, limits);
  if (!decoder.ok()) return decoder.status();
  std::string decoded;
  auto append = [&decoded](std::string_view piece) {
    decoded.append(piece);
    return Status::Ok();
  };
  ROTPROOF_RETURN_IF_ERROR(decoder->Feed(body, append));
  ROTPROOF_RETURN_IF_ERROR(decoder->Finish(append));
  return decoded;
}

std::string ContentEncodingOf(std::string_view http_head) { return HeaderValue(http_head, "content-encoding"); }

}  // namespace rotproof
