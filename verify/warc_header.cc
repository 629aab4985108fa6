#include "warc_header.h"

#include <algorithm>

#include "rotproof/text.h"

namespace rotproof {

bool ParseHeader(std::string_view head, uint64_t member_offset, const WarcLimits& limits, WarcRecordView* r,
                 uint64_t* length, std::vector<ReadIssue>* issues) {
  // WARC 1.1 §4: header values are UTF-8.
  if (!IsValidUtf8(head)) issues->push_back({"E-WARC-HEADER", member_offset, "header is not UTF-8"});
  size_t line_end = head.find("\r\n");
  r->version = std::string(head.substr(0, line_end));
  if (r->version == "WARC/0.17" || r->version == "WARC/0.18") {
    issues->push_back({"W-WARC-VERSION", member_offset, r->version + " predates the ISO standard; read as WARC/1.0"});
  } else if (r->version != "WARC/1.1" && r->version != "WARC/1.0") {
    issues->push_back({"E-WARC-VERSION", member_offset, "record does not start with WARC/1.1 or WARC/1.0"});
    return false;
  }
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line =
        head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      issues->push_back(
          {"E-WARC-HEADER", member_offset, "malformed header line '" + std::string(line.substr(0, 80)) + "'"});
      return false;
    }
    if (r->fields.size() >= limits.max_fields) {
      issues->push_back(
          {"E-WARC-HEADER", member_offset, "more than " + std::to_string(limits.max_fields) + " header fields"});
      return false;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    r->fields.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  std::string length_text = r->Field("Content-Length");
  if (length_text.empty() || length_text.size() > 18 ||
      !std::all_of(length_text.begin(), length_text.end(), ::isdigit)) {
    issues->push_back(
        {"E-CONTENT-LENGTH", member_offset, "Content-Length '" + length_text + "' is missing or not a number"});
    return false;
  }
  *length = std::stoull(length_text);
  return true;
}

std::string MissingHeaderEnd(std::string_view head) {
  std::string_view start = head.substr(0, 4096);
  if (start.find("\r\r\n") != std::string_view::npos)
    return "no complete WARC header: its lines end in CR CR LF, not CRLF";
  if (start.find('\n') != std::string_view::npos && start.find("\r\n") == std::string_view::npos)
    return "no complete WARC header: its lines end in LF alone, not CRLF";
  return "no complete WARC header (CRLF CRLF)";
}

}  // namespace rotproof
