#pragma once
// One streaming pass over an archive: every byte is read once, and the zip
// entry hash, gunzip, block digest and payload digest are all computed from
// that read. Records and the lines of the index and pages files stream on
// to a ScanSink as they pass; what the scan itself keeps is small: the
// entry list and the two datapackage files.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compressed_index.h"
#include "rotproof/status.h"
#include "rotproof/warc_reader.h"

namespace rotproof {

struct ScannedEntry {
  std::string name;
  uint64_t size = 0;
  std::string sha256;  // "sha256:<hex>"; "" when not hashing
  std::string data;    // only for datapackage.json and datapackage-digest.json
};

struct ScannedRecord {
  std::string warc;  // the WARC it is in: a WACZ entry's name, or a bare file's
  // offset, length, the audited fields; block only when `held` (urn:rotproof:
  // records and small warcinfo records)
  WarcRecordView header;
  bool held = false;
  // Computed in the algorithm each field claims (sha256 when none or an
  // unknown one), "<label>:<hex>"; "" when not hashing or truncated.
  std::string block_digest;
  std::string payload_digest;  // of RecordPayload's bytes
  // Of a body stored with Transfer-Encoding: chunked, the entity's digest
  // with the coding removed ("" when not chunked or not well-formed).
  std::string entity_digest;
  bool chunked = false;  // the HTTP head says Transfer-Encoding: chunked
  uint64_t payload_bytes = 0;
  // Of the last segment of a record split across continuation records:
  // the digest of the whole payload, reassembled from every segment in
  // order, and what the first segment's WARC-Payload-Digest claims.
  std::string segments_digest;
  std::string segments_claim;
  std::string http_head;            // of application/http blocks: its Content-Length and
                                    // Transfer-Encoding lines only
  bool http_head_too_long = false;  // then the payload is unknown
  bool http = false;                // an application/http block
  bool http_head_complete = false;  // its head ended (CRLF CRLF)
  std::string http_first_line;      // its status or request line (cut at 256 bytes)
};

// The WACZ entries a scan streams (WACZ 1.1.1: any layout under these
// folders): WARCs (archive/*.warc.gz, archive/*.warc), CDXJ indexes
// (indexes/*.cdxj and *.cdx, and the compressed indexes/*.cdx.gz inflated
// as they stream), their block locators (indexes/*.idx) and page lists
// (pages/*.jsonl), the last four read line by line; a line longer than
// kMaxLineBytes is cut.
bool IsWarcEntry(std::string_view name);
bool IsCdxjEntry(std::string_view name);
bool IsIdxEntry(std::string_view name);
bool IsPagesEntry(std::string_view name);
inline constexpr size_t kMaxLineBytes = size_t{1} << 20;

// Receives, in archive order, what streams past the scan.
class ScanSink {
 public:
  virtual ~ScanSink() = default;
  // A whole record of the WARC, with its digests.
  virtual void OnRecord(ScannedRecord&& record) = 0;
  // One line of a CDXJ or pages entry, without its '\n'; numbered from 1.
  // `cut` when it was longer than kMaxLineBytes.
  virtual void OnLine(std::string_view entry, uint64_t line_no, std::string_view line, bool cut) = 0;
  // `entry` (a WARC or a line entry) broke off: forget what it gave.
  virtual void OnEntryDropped(std::string_view entry) = 0;
  // A gzip member of a compressed index (indexes/*.cdx.gz) ended.
  virtual void OnIndexBlock(std::string_view /*entry*/, const IndexBlock& /*block*/) {}
};

// A WARC that was read whole, and its framing problems.
struct ScannedWarc {
  std::string name;
  std::vector<ReadIssue> issues;
};

struct ArchiveScan {
  bool is_wacz = false;
  std::vector<ScannedEntry> entries;  // regular zip entries that read back whole
  std::vector<ReadIssue> zip_issues;
  std::vector<ScannedWarc> warcs;
  std::vector<std::pair<std::string, ReadIssue>> index_issues;  // a compressed index's, with its name
};

// Scans the WACZ, bare .warc.gz or .warc at `path` (told apart by its first
// bytes), streaming its records and lines to `sink`; of a name that appears
// twice, only the first whole entry streams. With `hash` false nothing is
// hashed (completeness checks only). Errors: NotFound, or InvalidInput,
// naming what the file is, when it is none of them (an ARC file, a
// .warc.zst, anything else).
Result<ArchiveScan> ScanArchive(const std::string& path, bool hash, ScanSink* sink);

}  // namespace rotproof
