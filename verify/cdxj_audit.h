#pragma once
// Every line of a WACZ's CDXJ indexes against the records it points at.

#include <string>
#include <vector>

#include "archive_scan.h"
#include "record_index.h"
#include "rotproof/verify.h"

namespace rotproof {

// Each indexed CDXJ line parses, follows the one before it in sort order,
// and names a record of `warcs` (the line's filename under archive/, or the
// package's one WARC) by offset and length, with its URL and payload
// digest. Appends the findings.
void AuditCdxjLines(RecordIndex* index, const std::vector<ScannedWarc>& warcs, std::vector<Finding>* findings);

}  // namespace rotproof
