#pragma once
// A WACZ's index: CDXJ lines ("<SURT key> <timestamp> <json>"), and their
// layout in the package, plain or compressed.

#include <cstdint>
#include <string>
#include <string_view>

#include "rotproof/fs.h"
#include "rotproof/status.h"

namespace rotproof {

// One indexed record, before it becomes a line.
struct CdxjEntry {
  std::string url;
  std::string timestamp;  // 14 digits
  std::string mime;       // "warc/revisit" for a revisit
  int status = 0;         // HTTP status; 200 for resources
  std::string digest;     // payload digest
  uint64_t offset = 0;
  uint64_t length = 0;
};

// "org,example,www)/path?q" for "https://www.example.org/path?q"; other
// schemes (urn:) are returned as they are.
std::string SurtKey(const std::string& url);

// The index line of `entry` in archive/data.warc.gz, without its newline.
std::string IndexLineOf(const CdxjEntry& entry);

// Lines per gzip member of a compressed index: pywb's and py-wacz's default.
inline constexpr size_t kIndexBlockLines = 3000;

// Lays out an index from its lines, given in sorted order: while there are
// at most `block_lines` of them, as indexes/index.cdxj; past that, in the
// compressed form pywb and ReplayWeb.page seek in (ZipNum), lines in gzip
// members of `block_lines` as indexes/index.cdx.gz, and indexes/index.idx
// locating each member by its first line's key, offset, length and digest.
// Holds one block in memory; the rest spills into `spill_dir`.
class CdxjIndex {
 public:
  explicit CdxjIndex(std::string spill_dir, size_t block_lines = kIndexBlockLines);

  // Adds `line` (no newline). REQUIRES: not after Finish.
  Status Add(std::string_view line);
  // Writes out the lines still held.
  Status Finish();

  bool compressed() const { return compressed_; }
  // The index.cdxj text, or once compressed the index.cdx.gz bytes.
  const SpillBuffer& data() const { return data_; }
  // The index.idx text (compressed only).
  const std::string& idx() const { return idx_; }

 private:
  Status FlushBlock();

  size_t block_lines_;
  SpillBuffer data_;
  std::string block_;  // lines not yet written, each ending in '\n'
  size_t block_count_ = 0;
  std::string first_key_;  // of the block: its first line up to the JSON
  bool compressed_ = false;
  std::string idx_;
};

}  // namespace rotproof
