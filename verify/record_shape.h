#pragma once
// Checks of one WARC record by itself, as WARC 1.1 §5–6 states them: the
// fields its type must, must not or may only once carry, their shapes, and
// its HTTP head. Cross-record checks are the auditor's (verify.cc).

#include <string>
#include <vector>

#include "archive_scan.h"
#include "rotproof/verify.h"

namespace rotproof {

struct RecordProblem {
  std::string code;
  Severity severity = Severity::kError;
  std::string message;
};

// The header's fields: mandatory, repeated, forbidden, per type; WARC-Date,
// WARC-Record-ID and WARC-Target-URI shapes.
void CheckRecordFields(const WarcRecordView& rec, std::vector<RecordProblem>* out);

// An application/http block's head: it ends, starts with a status or
// request line, and its Content-Length matches the stored body.
void CheckRecordHttp(const ScannedRecord& scanned, std::vector<RecordProblem>* out);

// A URI without the '<' '>' WARC 1.0 wrapped it in.
std::string UnbracketedUri(const std::string& uri);

}  // namespace rotproof
