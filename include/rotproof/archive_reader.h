#pragma once
// Reading archives back: the zip container and the WARC records inside it.
// This is the verifier's own reader; it shares no code with the writer, so
// a writer bug cannot hide itself.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rotproof/handles.h"
#include "rotproof/status.h"
#include "rotproof/warc_format.h"

namespace rotproof {

struct ZipEntry {
  std::string name;
  std::string data;
};

struct ZipLimits {
  size_t max_entries = 10000;
  uint64_t max_total_bytes = uint64_t{64} << 30;  // uncompressed, all entries
  uint64_t max_ratio = 1000;                     // uncompressed / bytes read, past 1 MiB
};

// A problem met while reading, with a stable code (docs/verify-codes.md).
struct ReadIssue {
  std::string code;
  uint64_t offset = 0;  // in the .warc.gz; 0 for zip issues
  std::string message;
};

struct ZipContents {
  std::vector<ZipEntry> entries;  // regular entries that read back whole
  std::vector<ReadIssue> issues;  // damaged entries, limits exceeded
};

// Receives the regular entries of a zip as they are read, in stored order.
class ZipEntrySink {
 public:
  virtual ~ZipEntrySink() = default;
  virtual void OnEntry(const std::string& name) = 0;
  // The next bytes of the current entry, uncompressed.
  virtual void OnData(std::string_view bytes) = 0;
  // The current entry ended; `whole` is false when it was damaged or cut
  // off by a limit (its bytes so far are then not to be trusted).
  virtual void OnEntryEnd(bool whole) = 0;
};

// Streams the zip at `path` through `sink` in pieces, holding none of it.
// Errors: NotFound for a missing file, InvalidInput when it is not a zip at
// all. Damage inside a readable zip goes to `issues`, and reading goes on
// where it can.
Status StreamZip(const std::string& path, const ZipLimits& limits, ZipEntrySink* sink,
                 std::vector<ReadIssue>* issues);

// The entries of the zip at `path`, in stored order, read into memory.
// Errors as StreamZip.
Result<ZipContents> ReadZip(const std::string& path, const ZipLimits& limits = {});

struct WarcRecordView {
  uint64_t offset = 0;  // of the gzip member that holds the record
  uint64_t length = 0;  // of that member
  std::string version;  // "WARC/1.1"
  std::vector<std::pair<std::string, std::string>> fields;
  std::string block;    // exactly Content-Length bytes (fewer if truncated)
  bool truncated = false;

  // The first value of field `name` (case-insensitive), or "".
  std::string Field(std::string_view name) const;
  size_t FieldCount(std::string_view name) const;
};

struct WarcLimits {
  uint64_t max_record_bytes = warc_format::kMaxRecordBytes;  // one inflated gzip member
  uint64_t max_ratio = warc_format::kMaxInflateRatio;        // inflated / compressed, past 1 MiB
  size_t max_header_bytes = warc_format::kMaxHeaderBytes;    // one record's WARC header
  size_t max_fields = warc_format::kMaxHeaderFields;         // named fields in one header
};

// Receives the records a WarcGzReader reads, one at a time.
class WarcRecordSink {
 public:
  virtual ~WarcRecordSink() = default;
  // A record's header was read: `record` has its offset, version and
  // fields; its block follows through OnBlock.
  virtual void OnHeader(const WarcRecordView& record) = 0;
  // The next bytes of the current record's block.
  virtual void OnBlock(std::string_view bytes) = 0;
  // The current record's gzip member ended: `record` now also has `length`
  // and `truncated`. `whole` is false when the member broke off (bad gzip,
  // a limit); the record is then incomplete and best dropped.
  virtual void OnEnd(const WarcRecordView& record, bool whole) = 0;
};

// Reads a record-at-a-time gzipped WARC given in pieces of any size, with
// one inflate buffer whatever the file's size. Framing problems (bad gzip,
// bad header, wrong Content-Length, missing trailer, several records in one
// member) and exceeded `limits` (gzip bombs, huge headers) go to `issues`;
// reading goes on wherever the next record can still be found.
class WarcGzReader {
 public:
  WarcGzReader(WarcRecordSink* sink, std::vector<ReadIssue>* issues, const WarcLimits& limits = {});
  ~WarcGzReader();
  WarcGzReader(const WarcGzReader&) = delete;
  WarcGzReader& operator=(const WarcGzReader&) = delete;

  // The next bytes of the .warc.gz. Returns false once reading has stopped
  // for good (broken gzip, a limit); later bytes are ignored.
  bool Feed(std::string_view bytes);
  // The input ended: a member still open is reported truncated.
  void Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Opens the archive file at `path` for reading. Errors: NotFound for a
// missing file; InvalidInput for a FIFO, device or directory (never
// blocks on one).
Result<FilePtr> OpenArchiveFile(const std::string& path);

// Streams the records of the WARC in the archive at `path`, a WACZ's
// archive/data.warc.gz or a bare .warc.gz (told apart by their first
// bytes), through `sink`, holding no record whole. Errors: as
// OpenArchiveFile and StreamZip; InvalidInput for a file that is neither;
// Corruption for a WACZ without the WARC. Damage goes to `issues`.
Status StreamWarcRecords(const std::string& path, WarcRecordSink* sink, std::vector<ReadIssue>* issues);

// Reads all records of the gzipped WARC `gz` into memory, as WarcGzReader.
std::vector<WarcRecordView> ReadWarcGz(std::string_view gz, std::vector<ReadIssue>* issues,
                                       const WarcLimits& limits = {});

// The payload of a record: for application/http blocks, what follows the
// HTTP head; for other blocks, the block itself. `http_head` receives the
// HTTP head when not null.
std::string_view RecordPayload(const WarcRecordView& r, std::string_view* http_head = nullptr);

}  // namespace rotproof
