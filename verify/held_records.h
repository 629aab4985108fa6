#pragma once
// The records the manifest audit reads whole (urn:rotproof: records: an
// article's text, its rewrite, its reader page, its manifest). Their blocks
// go to a temporary file as the archive streams past, not into memory: a
// package of thousands of articles holds thousands of them, and the audit
// reads one article's at a time.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "archive_scan.h"
#include "rotproof/file_handle.h"

namespace rotproof {

// Where a record is: its WARC and offset.
using RecordPlace = std::pair<std::string, uint64_t>;

class HeldRecords {
 public:
  // Keeps `record`, its block moved to the file. A record the file cannot
  // take is not kept (Load then says nullptr, as for any record not held).
  void Keep(const RecordPlace& place, ScannedRecord&& record);

  // The record at `place` with its block read back, or nullptr when it is
  // not kept. Stays valid, block and all, until Release.
  const ScannedRecord* Load(const RecordPlace& place);

  // Frees the blocks read back since the last Release.
  void Release();

  // Forgets the records of `warc` (a WACZ entry dropped as unreadable).
  void DropWarc(const std::string& warc);

 private:
  struct Kept {
    ScannedRecord record;  // its block empty but while loaded
    uint64_t at = 0, size = 0;
  };

  std::map<RecordPlace, Kept> kept_;
  std::vector<ScannedRecord*> loaded_;
  FilePtr file_;  // std::tmpfile(): gone when closed, whatever happens
  uint64_t end_ = 0;
};

}  // namespace rotproof
