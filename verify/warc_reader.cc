#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "rotproof/archive_reader.h"
#include "rotproof/text.h"

namespace rotproof {
namespace {



bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Inflates the gzip member at `gz[offset...]`. Returns the bytes consumed
// (0 on error, with `error` set; `bomb` when a limit stopped it).
size_t InflateMember(std::string_view gz, size_t offset, const WarcLimits& limits, std::string* out,
                     std::string* error, bool* bomb) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) {
    *error = "inflateInit2 failed";
    return 0;
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + offset));
  z.avail_in = static_cast<uInt>(std::min<size_t>(gz.size() - offset, UINT32_MAX));
  unsigned char buf[1 << 16];
  int rc;
  do {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out->append(reinterpret_cast<char*>(buf), sizeof buf - z.avail_out);
    bool too_big = out->size() > limits.max_record_bytes ||
                   (out->size() > (1u << 20) && out->size() / std::max<uint64_t>(z.total_in, 1) > limits.max_ratio);
    if (too_big) {
      inflateEnd(&z);
      *bomb = true;
      *error = "gzip member inflates past the limits (" + std::to_string(out->size()) + " bytes from " +
               std::to_string(z.total_in) + "): a gzip bomb or a record too large to check";
      return 0;
    }
  } while (rc == Z_OK);
  size_t consumed = z.total_in;
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return consumed;
  *error = rc == Z_BUF_ERROR ? "gzip member is truncated"
                             : std::string("gzip data error: ") + (z.msg ? z.msg : "corrupt");
  return 0;
}

// Parses one record from `data` (the inflated member). Returns the bytes it
// spans including the trailer, or 0 when the header cannot be parsed.
size_t ParseRecord(const std::string& data, size_t pos, uint64_t member_offset, const WarcLimits& limits,
                   WarcRecordView* r, std::vector<ReadIssue>* issues) {
  size_t header_end = data.find("\r\n\r\n", pos);
  if (header_end == std::string::npos || header_end - pos > limits.max_header_bytes) {
    issues->push_back({"E-WARC-HEADER", member_offset, "no complete WARC header (CRLF CRLF)"});
    return 0;
  }
  std::string_view head(data.data() + pos, header_end - pos);
  // WARC 1.1 §4: header values are UTF-8.
  if (!IsValidUtf8(head)) issues->push_back({"E-WARC-HEADER", member_offset, "header is not UTF-8"});
  size_t line_end = head.find("\r\n");
  r->version = std::string(head.substr(0, line_end));
  if (r->version != "WARC/1.1" && r->version != "WARC/1.0") {
    issues->push_back({"E-WARC-VERSION", member_offset,
                       "record does not start with WARC/1.1 or WARC/1.0"});
    return 0;
  }
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(start, line_end == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      issues->push_back({"E-WARC-HEADER", member_offset,
                         "malformed header line '" + std::string(line.substr(0, 80)) + "'"});
      return 0;
    }
    if (r->fields.size() >= limits.max_fields) {
      issues->push_back({"E-WARC-HEADER", member_offset,
                         "more than " + std::to_string(limits.max_fields) + " header fields"});
      return 0;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    r->fields.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  std::string length_text = r->Field("Content-Length");
  if (length_text.empty() || length_text.size() > 18 ||
      !std::all_of(length_text.begin(), length_text.end(), ::isdigit)) {
    issues->push_back({"E-CONTENT-LENGTH", member_offset,
                       "Content-Length '" + length_text + "' is missing or not a number"});
    return 0;
  }
  size_t length = std::stoull(length_text);
  size_t block_start = header_end + 4;
  size_t available = data.size() - block_start;
  if (length > available) {
    issues->push_back({"E-CONTENT-LENGTH", member_offset,
                       "Content-Length " + length_text + " exceeds the " +
                           std::to_string(available) + " bytes that follow the header"});
    r->block = data.substr(block_start);
    r->truncated = true;
    return data.size() - pos;
  }
  r->block = data.substr(block_start, length);
  size_t end = block_start + length;
  if (data.compare(end, 4, "\r\n\r\n") != 0) {
    issues->push_back({"E-TRAILER", member_offset,
                       "block is not followed by CRLF CRLF (Content-Length may be wrong)"});
    return data.size() - pos;
  }
  return end + 4 - pos;
}

}  // namespace

std::string WarcRecordView::Field(std::string_view name) const {
  for (const auto& [n, v] : fields)
    if (EqualsIgnoreCase(n, name)) return v;
  return "";
}

size_t WarcRecordView::FieldCount(std::string_view name) const {
  return static_cast<size_t>(std::count_if(fields.begin(), fields.end(), [&](const auto& f) {
    return EqualsIgnoreCase(f.first, name);
  }));
}

std::vector<WarcRecordView> ReadWarcGz(std::string_view gz, std::vector<ReadIssue>* issues,
                                       const WarcLimits& limits) {
  std::vector<WarcRecordView> records;
  size_t offset = 0;
  while (offset < gz.size()) {
    std::string data, error;
    bool bomb = false;
    size_t consumed = InflateMember(gz, offset, limits, &data, &error, &bomb);
    if (consumed == 0) {
      issues->push_back({bomb ? "E-LIMIT" : "E-GZIP", offset, error + "; the rest of the file was not read"});
      break;
    }
    WarcRecordView r;
    r.offset = offset;
    r.length = consumed;
    size_t used = ParseRecord(data, 0, offset, limits, &r, issues);
    if (used != 0) {
      if (used < data.size())
        issues->push_back({"E-GZIP-MEMBER", offset,
                           "gzip member holds more than one record (WARC wants one per member)"});
      records.push_back(std::move(r));
    }
    offset += consumed;
  }
  return records;
}

std::string_view RecordPayload(const WarcRecordView& r, std::string_view* http_head) {
  std::string_view block(r.block);
  if (r.Field("Content-Type").rfind("application/http", 0) != 0) return block;
  size_t end = block.find("\r\n\r\n");
  if (end == std::string_view::npos) return {};
  if (http_head != nullptr) *http_head = block.substr(0, end + 4);
  return block.substr(end + 4);
}

}  // namespace rotproof
