#include "rotproof/warc.h"

#include <libdeflate.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <string_view>
#include <vector>

#include "rotproof/digest.h"
#include "rotproof/file_handle.h"
#include "rotproof/warc_format.h"

namespace rotproof {
namespace {

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

constexpr size_t kChunk = 1 << 16;

// Calls `sink` with the block's bytes: the in-memory head, then the file.
template <typename Sink>
Status ForEachBlockChunk(const WarcRecord& r, Sink sink) {
  sink(r.block.data(), r.block.size());
  if (r.block_file.empty()) return Status::Ok();
  FilePtr f(std::fopen(r.block_file.c_str(), "rb"));
  if (!f) return Status::IoError(r.block_file + ": cannot open spooled body");
  std::vector<char> buf(kChunk);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) sink(buf.data(), n);
  if (std::ferror(f.get())) return Status::IoError(r.block_file + ": read failed");
  return Status::Ok();
}

}  // namespace

std::string RecordIdFor(const std::string& seed) {
  std::string hex = Sha256Digest(seed).substr(7, 32);
  hex[12] = '8';                  // version 8: custom
  hex[16] = "89ab"[hex[16] % 4];  // RFC 4122 variant
  return "<urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20, 12) + ">";
}

std::string W3cDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void WarcWriter::DeflateEnd::operator()(z_stream_s* z) const {
  deflateEnd(z);
  delete z;
}

void WarcWriter::CompressorFree::operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }

Result<WarcWriter> WarcWriter::Create(SpillBuffer* out) {
  CompressorPtr normal(libdeflate_alloc_compressor(6));
  CompressorPtr fast(libdeflate_alloc_compressor(1));
  if (!normal || !fast) return Status::IoError("cannot allocate a compressor");
  return WarcWriter(out, std::move(normal), std::move(fast));
}

Result<RecordLocation> WarcWriter::Write(const WarcRecord& r) {
  Sha256 block_hash;
  uint64_t block_length = 0;
  ROTPROOF_RETURN_IF_ERROR(ForEachBlockChunk(r, [&](const char* d, size_t n) {
    block_hash.Update(d, n);
    block_length += n;
  }));
  RecordLocation loc;
  loc.offset = offset_;
  loc.block_digest = block_hash.Finish();

  std::string h = "WARC/1.1\r\n";
  std::string bad_field;
  auto field = [&h, &bad_field](const std::string& name, const std::string& value) {
    if (bad_field.empty() && (HasControl(name) || HasControl(value))) bad_field = name;
    h += name + ": " + value + "\r\n";
  };
  field("WARC-Type", r.type);
  field("WARC-Record-ID", r.record_id);
  field("WARC-Date", r.date);
  for (const auto& [name, value] : r.fields) field(name, value);
  field("WARC-Block-Digest", loc.block_digest);
  if (!r.payload_digest.empty()) field("WARC-Payload-Digest", r.payload_digest);
  if (!r.content_type.empty()) field("Content-Type", r.content_type);
  field("Content-Length", std::to_string(block_length));
  h += "\r\n";
  // Limits the verifier enforces; URLs were canonicalised long before, so
  // reaching these is a bug or a hostile input that got through: refused.
  if (!bad_field.empty())
    return Status::InvalidInput("WARC field " + bad_field + " of a " + r.type + " record holds a control character");
  if (h.size() > warc_format::kMaxHeaderBytes || r.fields.size() + 8 > warc_format::kMaxHeaderFields)
    return Status::InvalidInput("WARC header of a " + r.type + " record exceeds the verifier's limits");
  if (h.size() + block_length + 4 > warc_format::kMaxRecordBytes)
    return Status::InvalidInput(r.type + " record of " + std::to_string(block_length) +
                                " bytes exceeds the verifier's limit of " +
                                std::to_string(warc_format::kMaxRecordBytes));
  bool held = std::any_of(r.fields.begin(), r.fields.end(), [](const auto& f) {
    return f.first == "WARC-Target-URI" && f.second.rfind(warc_format::kHeldUriPrefix, 0) == 0;
  });
  if (held && block_length > warc_format::kMaxHeldRecordBytes)
    return Status::InvalidInput(r.type + " record of " + std::to_string(block_length) +
                                " bytes exceeds the verifier's limit of " +
                                std::to_string(warc_format::kMaxHeldRecordBytes) + " for article records");

  uint64_t written = 0;
  ROTPROOF_RETURN_IF_ERROR(Deflate(h, r, &written, false));
  uint64_t inflated = h.size() + block_length + 4;
  if (inflated > warc_format::kRatioCheckedPast && inflated / written > warc_format::kMaxInflateRatio) {
    // Readers take a member this compressed for a gzip bomb: stored instead.
    ROTPROOF_RETURN_IF_ERROR(out_->Truncate(offset_));
    written = 0;
    ROTPROOF_RETURN_IF_ERROR(Deflate(h, r, &written, true));
  }
  loc.length = written;
  offset_ += written;
  return loc;
}

Status WarcWriter::Rewind(uint64_t offset) {
  ROTPROOF_RETURN_IF_ERROR(out_->Truncate(offset));
  offset_ = offset;
  return Status::Ok();
}

// Compresses header + block + CRLF CRLF into one gzip member. The gzip
// headers of both compressors have mtime 0: output depends only on input.
Status WarcWriter::Deflate(const std::string& header, const WarcRecord& r, uint64_t* written, bool store) {
  if (!r.block_file.empty()) return DeflateStreaming(header, r, written, store);
  whole_.assign(header).append(r.block).append("\r\n\r\n");
  if (store && !stored_) stored_.reset(libdeflate_alloc_compressor(0));
  libdeflate_compressor* c = store ? stored_.get() : r.precompressed ? fast_.get() : normal_.get();
  if (c == nullptr) return Status::IoError("cannot allocate a compressor");
  member_.resize(libdeflate_gzip_compress_bound(c, whole_.size()));
  *written = libdeflate_gzip_compress(c, whole_.data(), whole_.size(), member_.data(), member_.size());
  if (*written == 0) return Status::IoError("gzip compression failed");
  return out_->Append(member_.data(), *written);
}

Status WarcWriter::DeflateStreaming(const std::string& header, const WarcRecord& r, uint64_t* written, bool store) {
  if (!stream_) {
    stream_.reset(new z_stream{});
    // windowBits 15 + 16: gzip wrapper.
    if (deflateInit2(stream_.get(), Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      stream_.reset();
      return Status::IoError("deflateInit2 failed");
    }
  }
  z_stream& z = *stream_;
  deflateReset(&z);
  int level = store ? Z_NO_COMPRESSION : r.precompressed ? Z_BEST_SPEED : Z_DEFAULT_COMPRESSION;
  deflateParams(&z, level, Z_DEFAULT_STRATEGY);
  // Not zero-filled: clearing 64 KiB costs more than deflating a small record.
  auto out = std::make_unique_for_overwrite<unsigned char[]>(kChunk);
  Status io;
  auto pump = [&](const char* data, size_t n, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = out.get();
      z.avail_out = static_cast<uInt>(kChunk);
      deflate(&z, flush);
      size_t have = kChunk - z.avail_out;
      if (have != 0 && io.ok()) io = out_->Append(reinterpret_cast<const char*>(out.get()), have);
      *written += have;
    } while (z.avail_out == 0);
  };
  pump(header.data(), header.size(), Z_NO_FLUSH);
  Status st = ForEachBlockChunk(r, [&](const char* d, size_t n) { pump(d, n, Z_NO_FLUSH); });
  pump("\r\n\r\n", 4, Z_FINISH);
  ROTPROOF_RETURN_IF_ERROR(st);
  return io;
}

std::string Timestamp14(int64_t unix_seconds) {
  std::string digits = W3cDate(unix_seconds);
  std::erase_if(digits, [](char c) { return c < '0' || c > '9'; });
  return digits;
}

}  // namespace rotproof
