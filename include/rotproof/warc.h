#pragma once
// WARC 1.1 writing: records framed per ISO 28500 (CRLF, exact
// Content-Length, CRLF CRLF trailer), each compressed as its own gzip member,
// with WARC-Block-Digest computed over exactly the bytes written.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "rotproof/fs.h"
#include "rotproof/status.h"

struct z_stream_s;

namespace rotproof {

struct WarcRecord {
  std::string type;       // warcinfo, resource, request, response, metadata...
  std::string record_id;  // "<urn:uuid:...>"
  std::string date;       // W3C-DTF UTC, e.g. 2022-08-31T01:23:00Z
  std::string content_type;
  // Further named fields, in order (WARC-Target-URI, WARC-Concurrent-To...).
  std::vector<std::pair<std::string, std::string>> fields;
  std::string block;       // the block, or its head when block_file is set
  std::string block_file;  // optional file whose bytes follow `block`
  std::string payload_digest;  // written as WARC-Payload-Digest when set
  // The payload is already compressed (JPEG, PNG, video...): deflating it
  // hard costs time and saves nothing, so it gets zlib's fastest level.
  bool precompressed = false;
};

// Where a written record sits in the .warc.gz, for the CDXJ index.
struct RecordLocation {
  uint64_t offset = 0;  // of its gzip member
  uint64_t length = 0;  // of its gzip member
  std::string block_digest;
};

class WarcWriter {
 public:
  // A writer appending to `out`, which must outlive it.
  static Result<WarcWriter> Create(SpillBuffer* out);
  WarcWriter(WarcWriter&&) = default;
  WarcWriter& operator=(WarcWriter&&) = default;

  // Appends `record` as one gzip member. Fails on I/O errors only.
  Result<RecordLocation> Write(const WarcRecord& record);

 private:
  struct DeflateEnd {
    void operator()(z_stream_s* z) const;
  };
  using DeflatePtr = std::unique_ptr<z_stream_s, DeflateEnd>;

  WarcWriter(SpillBuffer* out, DeflatePtr deflate) : out_(out), deflate_(std::move(deflate)) {}
  Status Deflate(const std::string& header, const WarcRecord& record, uint64_t* written);

  SpillBuffer* out_;
  // One compressor, reset for each record's gzip member: setting up a new
  // one allocates and clears ~256 KiB, more work than a small record.
  DeflatePtr deflate_;
  uint64_t offset_ = 0;
};

// A deterministic "<urn:uuid:...>" derived from `seed` (UUID version 8
// layout over SHA-256), so equal inputs give equal archives.
std::string RecordIdFor(const std::string& seed);

// "YYYY-MM-DDThh:mm:ssZ" for a Unix time.
std::string W3cDate(int64_t unix_seconds);

}  // namespace rotproof
