#pragma once
// Opening an archive file (a WACZ, a bare .warc.gz or .warc) and streaming
// its WARC.
// The verifier's own reader; it shares no code with the writer, so a writer
// bug cannot hide itself.

#include <string>
#include <vector>

#include "rotproof/file_handle.h"
#include "rotproof/read_issue.h"
#include "rotproof/status.h"
#include "rotproof/warc_reader.h"

namespace rotproof {

// Opens the archive file at `path` for reading. Errors: NotFound for a
// missing file; InvalidInput for a FIFO, device or directory (never
// blocks on one).
Result<FilePtr> OpenArchiveFile(const std::string& path);

// What an archive file is, by its first bytes (not its name).
enum class ArchiveKind { kWacz, kWarcGz, kWarc, kArc, kWarcZstd, kUnknown };

// Sniffs `file` (a gzip's first member is inflated a little to see what it
// holds) and rewinds it. `why` receives, for the kinds no reader here
// reads, one line saying what the file is instead ("not a WARC file: ARC
// v1").
ArchiveKind SniffArchiveKind(FILE* file, std::string* why);

// Streams the records of a bare WARC file (`framing` as its kind) from
// `file`'s start through `reader`. Errors: IoError when reading fails.
Status StreamBareWarc(FILE* file, const std::string& path, WarcReader* reader);

// Streams the records of the WARC in the archive at `path`, a WACZ's
// archive/data.warc.gz or a bare .warc.gz or .warc (told apart by their
// first bytes), through `sink`, holding no record whole. Errors: as
// OpenArchiveFile and StreamZip; InvalidInput for a file that is none of
// them; Corruption for a WACZ without the WARC. Damage goes to `issues`.
Status StreamWarcRecords(const std::string& path, WarcRecordSink* sink, std::vector<ReadIssue>* issues);

}  // namespace rotproof
