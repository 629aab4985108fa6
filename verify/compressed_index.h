#pragma once
// WACZ's compressed index (the ZipNum form pywb reads): indexes/*.cdx.gz is
// CDXJ lines in gzip members of a few thousand lines each, and
// indexes/*.idx has one line per member, "<key> <timestamp> <json with
// offset, length[, digest, filename]>", so that a reader can seek. The
// lines are checked like any CDXJ's; each .idx line must locate a member
// exactly, with its first key and its digest.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/digest.h"
#include "rotproof/read_issue.h"
#include "rotproof/verify.h"

namespace rotproof {

// One gzip member of a *.cdx.gz entry.
struct IndexBlock {
  uint64_t offset = 0;  // in the entry
  uint64_t length = 0;
  std::string first_key;  // its first line up to its JSON: "<key> <timestamp>"
  std::string sha256;     // "sha256:<hex>" of its compressed bytes
};

// Inflates a *.cdx.gz entry member by member as it streams, handing each
// line to `on_line` (without its '\n'; lines over `max_line` cut) and each
// member, once ended, to `on_block`. A gzip bomb (past 1000:1 beyond 1 MiB
// in one member) or corrupt data stops it with an issue.
class CompressedIndexReader {
 public:
  using LineFn = std::function<void(std::string_view line, bool cut)>;
  using BlockFn = std::function<void(const IndexBlock& block)>;
  CompressedIndexReader(size_t max_line, LineFn on_line, BlockFn on_block, std::vector<ReadIssue>* issues);
  ~CompressedIndexReader();
  CompressedIndexReader(const CompressedIndexReader&) = delete;
  CompressedIndexReader& operator=(const CompressedIndexReader&) = delete;

  void Feed(std::string_view bytes);
  void Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One .idx line: nullopt when it is not "<first key> <json>" (the key being
// the block's first line up to its JSON) with numeric offset and length. The "!meta" line is `meta`, naming the
// compressed index it describes in `filename`.
struct IdxLine {
  std::string key;  // "<key> <timestamp>", as the block's first line has it
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string digest;    // "" when absent
  std::string filename;  // "" when absent
  bool meta = false;
};
std::optional<IdxLine> ParseIdxLine(std::string_view line);

// Each .idx line of `idx_lines` (by entry, with its line number) locates one
// member of its compressed index in `blocks` (by entry and offset) exactly,
// with the member's first key (and digest, when it gives one); every
// compressed index has its .idx. Appends E-INDEX-BLOCK findings.
void AuditCompressedIndexes(
    const std::map<std::string, std::map<uint64_t, IndexBlock>>& blocks,
    const std::map<std::string, std::vector<std::pair<uint64_t, std::optional<IdxLine>>>>& idx_lines,
    std::vector<Finding>* findings);

}  // namespace rotproof
