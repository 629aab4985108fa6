#pragma once
// One WARC record header, parsed: what the reader needs to frame the
// record, with what is wrong with it told to `issues`.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/read_issue.h"
#include "rotproof/warc_reader.h"

namespace rotproof {

// Parses a record's header (without its final CRLF CRLF) into `r`; sets
// `length` to its Content-Length. Returns false, with an issue, when the
// record cannot be read past its header.
bool ParseHeader(std::string_view head, uint64_t member_offset, const WarcLimits& limits, WarcRecordView* r,
                 uint64_t* length, std::vector<ReadIssue>* issues);

// Why a header has no CRLF CRLF end: writers that end lines in LF alone, or
// in CR CR LF (a text-mode conversion), are named.
std::string MissingHeaderEnd(std::string_view head);

}  // namespace rotproof
