#pragma once
// Reading a record-at-a-time gzipped WARC back, streaming or whole.
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
  uint64_t offset = 0;  // of the gzip member that holds the record
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

// Reads all records of the gzipped WARC `gz` into memory, as WarcGzReader.
std::vector<WarcRecordView> ReadWarcGz(std::string_view gz, std::vector<ReadIssue>* issues,
                                       const WarcLimits& limits = {});

// The payload of a record: for application/http blocks, what follows the
// HTTP head; for other blocks, the block itself. `http_head` receives the
// HTTP head when not null.
std::string_view RecordPayload(const WarcRecordView& r, std::string_view* http_head = nullptr);

}  // namespace rotproof
