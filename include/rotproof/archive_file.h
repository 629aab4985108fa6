#pragma once
// Opening an archive file (a WACZ or a bare .warc.gz) and streaming its WARC.
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

// Streams the records of the WARC in the archive at `path`, a WACZ's
// archive/data.warc.gz or a bare .warc.gz (told apart by their first
// bytes), through `sink`, holding no record whole. Errors: as
// OpenArchiveFile and StreamZip; InvalidInput for a file that is neither;
// Corruption for a WACZ without the WARC. Damage goes to `issues`.
Status StreamWarcRecords(const std::string& path, WarcRecordSink* sink, std::vector<ReadIssue>* issues);

}  // namespace rotproof
