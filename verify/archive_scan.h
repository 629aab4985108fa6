#pragma once
// One streaming pass over an archive: every byte is read once, and the zip
// entry hash, gunzip, block digest and payload digest are all computed from
// that read. What the pass keeps is small: each record's header and
// digests, and the bytes of the few files and records the audit reads
// whole (datapackage, index, pages, the article and its manifest).

#include <cstdint>
#include <string>
#include <vector>

#include "rotproof/archive_reader.h"
#include "rotproof/status.h"

namespace rotproof {

using warc_format::kWarcEntry;

struct ScannedEntry {
  std::string name;
  uint64_t size = 0;
  std::string sha256;  // "sha256:<hex>"; "" when not hashing
  std::string data;    // only for the small files the audit reads
};

struct ScannedRecord {
  WarcRecordView header;  // offset, length, the audited fields; block only when `held`
  bool held = false;
  std::string block_digest;    // computed; "" when not hashing or truncated
  std::string payload_digest;  // computed, of RecordPayload's bytes
  uint64_t payload_bytes = 0;
  std::string http_head;       // of application/http blocks: its Content-Length and
                               // Transfer-Encoding lines only
  bool http_head_too_long = false;  // then the payload is unknown
};

struct ArchiveScan {
  bool is_wacz = false;
  std::vector<ScannedEntry> entries;  // regular zip entries that read back whole
  std::vector<ReadIssue> zip_issues;
  bool has_warc = false;
  std::string warc_name = kWarcEntry;
  std::vector<ReadIssue> warc_issues;
  std::vector<ScannedRecord> records;
};

// Scans the WACZ or bare .warc.gz at `path` (told apart by its first bytes).
// With `hash` false nothing is hashed (completeness checks only). Errors:
// NotFound, or InvalidInput when the file is neither a zip nor a gzip.
Result<ArchiveScan> ScanArchive(const std::string& path, bool hash);

}  // namespace rotproof
