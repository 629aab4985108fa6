#pragma once
// Reading a WARC back (record-at-a-time gzipped, or plain), streaming or whole.
// The verifier's own reader; it shares no code with the writer, so a writer
// bug cannot hide itself.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rotproof/read_issue.h"
#include "rotproof/status.h"
#include "rotproof/warc_format.h"

namespace rotproof {

struct WarcRecordView {
  uint64_t offset = 0;  // of the gzip member that holds the record (plain: of the record)
  uint64_t length = 0;  // of that member
  std::string version;  // "WARC/1.1"
  std::vector<std::pair<std::string, std::string>> fields;
  std::string block;  // exactly Content-Length bytes (fewer if truncated)
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

// Receives the records a WarcReader reads, one at a time.
class WarcRecordSink {
 public:
  virtual ~WarcRecordSink() = default;
  // A record's header was read: `record` has its offset, version and
  // fields; its block follows through OnBlock.
  virtual void OnHeader(const WarcRecordView& record) = 0;
  // The next bytes of the current record's block.
  virtual void OnBlock(std::string_view bytes) = 0;
  // The current record ended: `record` now also has `length` and
  // `truncated`. `whole` is false when its gzip member broke off (bad gzip,
  // a limit); the record is then incomplete and best dropped.
  virtual void OnEnd(const WarcRecordView& record, bool whole) = 0;
};

// How records are stored: a gzip member each (.warc.gz), or back to back
// uncompressed (.warc).
enum class WarcFraming { kGzipMembers, kPlain };

// Reads a WARC given in pieces of any size, with one inflate buffer
// whatever the file's size. In a .warc.gz a record's offset and length are
// its gzip member's; in a plain .warc, its own bytes'. Framing problems (bad
// gzip, bad header, wrong Content-Length, missing trailer) and exceeded
// `limits` (gzip bombs, huge headers) go to `issues` (codes starting "W-"
// are warnings: several records in one member are read all the same);
// reading goes on wherever the next record can still be found (a plain
// WARC resumes at the next line that starts "WARC/").
class WarcReader {
 public:
  WarcReader(WarcRecordSink* sink, std::vector<ReadIssue>* issues, const WarcLimits& limits = {},
             WarcFraming framing = WarcFraming::kGzipMembers);
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // The next bytes of the file. Returns false once reading has stopped for
  // good (broken gzip, a limit); later bytes are ignored.
  bool Feed(std::string_view bytes);
  // The input ended: a member still open is reported truncated.
  void Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads all records of the WARC `gz` into memory, as WarcReader.
std::vector<WarcRecordView> ReadWarcGz(std::string_view gz, std::vector<ReadIssue>* issues,
                                       const WarcLimits& limits = {}, WarcFraming framing = WarcFraming::kGzipMembers);

// The payload of a record: for application/http blocks, what follows the
// HTTP head; for other blocks, the block itself. `http_head` receives the
// HTTP head when not null.
std::string_view RecordPayload(const WarcRecordView& r, std::string_view* http_head = nullptr);

}  // namespace rotproof
