#pragma once
// Reading archives back: the zip container and the WARC records inside it.
// This is the verifier's own reader; it shares no code with the writer, so
// a writer bug cannot hide itself.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

struct ZipEntry {
  std::string name;
  std::string data;
};

struct ZipLimits {
  size_t max_entries = 10000;
  uint64_t max_total_bytes = uint64_t{4} << 30;  // uncompressed, all entries
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

// The entries of the zip at `path`, in stored order. Errors: NotFound for a
// missing file, InvalidInput when it is not a zip at all. Damage inside a
// readable zip is reported in `issues`, and reading goes on where it can.
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

// What an archive file holds: a WACZ (zip) or a bare .warc.gz.
struct ArchiveFile {
  bool is_wacz = false;
  ZipContents zip;   // all entries, when is_wacz
  std::string warc;  // the .warc.gz bytes (archive/data.warc.gz of a WACZ)
  bool has_warc = false;
};

// Reads the archive at `path`, telling WACZ from bare WARC by its first
// bytes. Errors as ReadZip; a file that is neither is InvalidInput.
Result<ArchiveFile> ReadArchiveFile(const std::string& path, const ZipLimits& limits = {});

struct WarcLimits {
  uint64_t max_record_bytes = uint64_t{2} << 30;  // one inflated gzip member
  uint64_t max_ratio = 1000;                       // inflated / compressed, past 1 MiB
  size_t max_header_bytes = 1 << 20;               // one record's WARC header
  size_t max_fields = 1000;                        // named fields in one header
};

// Reads the records of a record-at-a-time gzipped WARC. Framing problems
// (bad gzip, bad header, wrong Content-Length, missing trailer, several
// records in one member) and exceeded `limits` (gzip bombs, huge headers)
// go to `issues`; reading goes on wherever the next record can still be
// found.
std::vector<WarcRecordView> ReadWarcGz(std::string_view gz, std::vector<ReadIssue>* issues,
                                       const WarcLimits& limits = {});

// The payload of a record: for application/http blocks, what follows the
// HTTP head; for other blocks, the block itself. `http_head` receives the
// HTTP head when not null.
std::string_view RecordPayload(const WarcRecordView& r, std::string_view* http_head = nullptr);

}  // namespace rotproof
