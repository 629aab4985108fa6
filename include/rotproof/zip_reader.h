#pragma once
// Reading a zip (a WACZ) back, streaming or whole.
// The verifier's own reader; it shares no code with the writer, so a writer
// bug cannot hide itself.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/read_issue.h"
#include "rotproof/status.h"

namespace rotproof {

struct ZipEntry {
  std::string name;
  std::string data;
};

struct ZipLimits {
  size_t max_entries = 10000;
  uint64_t max_total_bytes = uint64_t{64} << 30;  // uncompressed, all entries
  uint64_t max_ratio = 1000;                      // uncompressed / bytes read, past 1 MiB
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
Status StreamZip(const std::string& path, const ZipLimits& limits, ZipEntrySink* sink, std::vector<ReadIssue>* issues);

// The entries of the zip at `path`, in stored order, read into memory.
// Errors as StreamZip.
Result<ZipContents> ReadZip(const std::string& path, const ZipLimits& limits = {});

}  // namespace rotproof
