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
struct libdeflate_compressor;

namespace rotproof {

struct WarcRecord {
  std::string type;       // warcinfo, resource, request, response, metadata...
  std::string record_id;  // "<urn:uuid:...>"
  std::string date;       // W3C-DTF UTC, e.g. 2022-08-31T01:23:00Z
  std::string content_type;
  // Further named fields, in order (WARC-Target-URI, WARC-Concurrent-To...).
  std::vector<std::pair<std::string, std::string>> fields;
  std::string block;           // the block, or its head when block_file is set
  std::string block_file;      // optional file whose bytes follow `block`
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

  // Appends `record` as one gzip member. Fails on I/O errors, and with
  // InvalidInput for a record the verifier would reject (a control
  // character in a field, a header or block over warc_format's limits).
  Result<RecordLocation> Write(const WarcRecord& record);

  // Drops every record written from `offset` (a record's start) on, as if
  // never written.
  Status Rewind(uint64_t offset);

 private:
  struct DeflateEnd {
    void operator()(z_stream_s* z) const;
  };
  using DeflatePtr = std::unique_ptr<z_stream_s, DeflateEnd>;
  struct CompressorFree {
    void operator()(libdeflate_compressor* c) const;
  };
  using CompressorPtr = std::unique_ptr<libdeflate_compressor, CompressorFree>;

  WarcWriter(SpillBuffer* out, CompressorPtr normal, CompressorPtr fast)
      : out_(out), normal_(std::move(normal)), fast_(std::move(fast)) {}
  // `store`: no compression (deflate's stored blocks).
  Status Deflate(const std::string& header, const WarcRecord& record, uint64_t* written, bool store);
  Status DeflateStreaming(const std::string& header, const WarcRecord& record, uint64_t* written, bool store);

  SpillBuffer* out_;
  // A record held in memory is compressed in one call by libdeflate, about
  // twice as fast as zlib; one whose block continues in a file streams
  // through zlib. Compressors are kept for every record: setting one up
  // allocates and clears more memory than a small record has.
  CompressorPtr normal_;  // zlib's default level
  CompressorPtr fast_;    // level 1, for already-compressed payloads
  CompressorPtr stored_;  // level 0, made when a record would look like a bomb
  DeflatePtr stream_;     // made on first use, reset for each record
  std::string whole_;     // scratch: a record's bytes, then its gzip member
  std::string member_;
  uint64_t offset_ = 0;
};

// A deterministic "<urn:uuid:...>" derived from `seed` (UUID version 8
// layout over SHA-256), so equal inputs give equal archives.
std::string RecordIdFor(const std::string& seed);

// "YYYY-MM-DDThh:mm:ssZ" for a Unix time.
std::string W3cDate(int64_t unix_seconds);
// "YYYYMMDDhhmmss", the CDXJ timestamp, for a Unix time.
std::string Timestamp14(int64_t unix_seconds);

}  // namespace rotproof
