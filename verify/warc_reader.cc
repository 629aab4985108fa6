#include "rotproof/warc_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "head_buffer.h"
#include "rotproof/text.h"
#include "warc_header.h"

namespace rotproof {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

// Records follow one another in the stream: header, block, CRLF CRLF. In a
// .warc.gz each gzip member should hold one record, and a record's offset
// and length are its member's; in a plain .warc they are its own bytes'.
// The parser follows the (inflated) bytes through those parts as they
// arrive.
struct WarcReader::State {
  enum class Part { kHeader, kBlock, kTrailer, kAfterRecord, kSkip };

  State(WarcRecordSink* s, std::vector<ReadIssue>* i, const WarcLimits& l, WarcFraming f)
      : sink(s), issues(i), limits(l), gzip(f == WarcFraming::kGzipMembers), header(l.max_header_bytes) {
    // Allocation failure here is a bug-level condition, as for any allocation.
    if (gzip && inflateInit2(&z, 15 + 16) != Z_OK) std::abort();
  }
  ~State() {
    if (gzip) inflateEnd(&z);
  }

  WarcRecordSink* sink;
  std::vector<ReadIssue>* issues;
  WarcLimits limits;
  bool gzip;
  z_stream z{};
  std::unique_ptr<unsigned char[]> out{new unsigned char[kOutSize]};
  static constexpr size_t kOutSize = 1 << 18;

  bool stopped = false;
  bool in_member = false;
  uint64_t consumed = 0;  // bytes of the file read: compressed for .warc.gz
  uint64_t member_offset = 0;
  uint64_t member_out = 0;
  bool shared_member_reported = false;
  bool pending_span = false;  // a member ended inside a record
  std::string probe;          // the next member's first bytes, while pending_span
  static constexpr std::string_view kRecordStart = "WARC/";
  bool span_reported = false;
  size_t resync_matched = 0;  // plain, skipping: bytes of "WARC/" matched at a line's start
  bool line_start = false;

  Part part = Part::kHeader;
  HeadBuffer header;
  std::string trailer;  // trailer bytes seen so far
  bool has_record = false;
  uint64_t remaining = 0;  // block bytes still to come
  WarcRecordView record;

  void Issue(const char* code, std::string message) { issues->push_back({code, record.offset, std::move(message)}); }

  void StartRecord(uint64_t offset) {
    part = Part::kHeader;
    header.Clear();
    trailer.clear();
    has_record = false;
    record = WarcRecordView{};
    record.offset = offset;
    resync_matched = 0;
    line_start = false;
  }

  // The record's bytes ended at `end` (a member's end, or in a plain WARC
  // its trailer's): what is missing is reported, and the sink hears of it.
  void EndRecord(uint64_t end) {
    record.length = end - record.offset;
    switch (part) {
      case Part::kHeader:
        if (!header.head().empty() || gzip) Issue("E-WARC-HEADER", MissingHeaderEnd(header.head()));
        break;
      case Part::kBlock: {
        std::string claimed = record.Field("Content-Length");
        Issue("E-CONTENT-LENGTH", "Content-Length " + claimed + " exceeds the " +
                                      std::to_string(std::stoull(claimed) - remaining) +
                                      " bytes that follow the header");
        record.truncated = true;
        break;
      }
      case Part::kTrailer:
        BadTrailer();
        break;
      case Part::kAfterRecord:
      case Part::kSkip:
        break;
    }
    if (has_record) sink->OnEnd(record, true);
    has_record = false;
  }

  // Parses `bytes`, which start at `pos` in the (inflated) stream.
  void Parse(std::string_view bytes, uint64_t pos) {
    while (!bytes.empty()) {
      switch (part) {
        case Part::kHeader: {
          size_t taken = header.Take(bytes);
          bytes.remove_prefix(taken);
          pos += taken;
          if (header.state() == HeadBuffer::State::kIncomplete) return;
          if (header.state() == HeadBuffer::State::kTooLong) {
            Issue("E-WARC-HEADER", MissingHeaderEnd(header.head()));
            part = Part::kSkip;
            break;
          }
          std::string_view head(header.head());
          head.remove_suffix(kCrlfCrlf.size());
          if (!ParseHeader(head, record.offset, limits, &record, &remaining, issues)) {
            part = Part::kSkip;
            break;
          }
          has_record = true;
          sink->OnHeader(record);
          part = remaining == 0 ? Part::kTrailer : Part::kBlock;
          break;
        }
        case Part::kBlock: {
          size_t n = static_cast<size_t>(std::min<uint64_t>(remaining, bytes.size()));
          sink->OnBlock(bytes.substr(0, n));
          bytes.remove_prefix(n);
          pos += n;
          remaining -= n;
          if (remaining == 0) part = Part::kTrailer;
          break;
        }
        case Part::kTrailer: {
          size_t n = std::min(kCrlfCrlf.size() - trailer.size(), bytes.size());
          trailer.append(bytes.substr(0, n));
          bytes.remove_prefix(n);
          pos += n;
          if (trailer.size() < kCrlfCrlf.size()) return;
          if (trailer != kCrlfCrlf) {
            BadTrailer();
            break;
          }
          part = Part::kAfterRecord;
          if (!gzip) {
            EndRecord(pos);
            StartRecord(pos);
          }
          break;
        }
        case Part::kAfterRecord:
          // A gzip member goes on past its record: a whole-file gzip, or
          // records compressed together. They are read all the same.
          if (!shared_member_reported)
            Issue("W-GZIP-MEMBER",
                  "gzip member holds more than one record (WARC wants one per member: a whole-file gzip?); "
                  "records are read, but an index cannot point at the later ones");
          shared_member_reported = true;
          EndRecord(record.offset);
          StartRecord(member_offset);
          break;
        case Part::kSkip:
          if (gzip) return;
          bytes = Resync(bytes, &pos);
          break;
      }
    }
  }

  // Plain WARC after a damaged record: the next line that starts "WARC/"
  // starts the next record. The bytes matched so far carry across pieces.
  std::string_view Resync(std::string_view bytes, uint64_t* pos) {
    static constexpr std::string_view kStart = "WARC/";
    for (size_t i = 0; i < bytes.size(); ++i) {
      char c = bytes[i];
      if ((resync_matched > 0 || line_start) && c == kStart[resync_matched]) {
        if (++resync_matched < kStart.size()) continue;
        uint64_t start = *pos + i + 1 - kStart.size();
        EndRecord(start);
        StartRecord(start);
        header.Take(kStart);
        *pos += i + 1;
        return bytes.substr(i + 1);
      }
      resync_matched = 0;
      line_start = c == '\n';
    }
    *pos += bytes.size();
    return {};
  }

  void BadTrailer() {
    Issue("E-TRAILER", "block is not followed by CRLF CRLF (Content-Length may be wrong)");
    part = Part::kSkip;
  }

  void Stop(const char* code, const std::string& why) {
    Issue(code, why + "; the rest of the file was not read");
    if (has_record) sink->OnEnd(record, false);
    stopped = true;
  }

  bool FeedPlain(std::string_view bytes) {
    uint64_t pos = consumed;
    consumed += bytes.size();
    Parse(bytes, pos);
    return true;
  }

  bool Feed(std::string_view bytes) {
    if (!gzip) return FeedPlain(bytes);
    while (!bytes.empty() && !stopped) {
      if (!in_member) {
        in_member = true;
        member_offset = consumed;
        member_out = 0;
        if (!pending_span) StartRecord(consumed);
      }
      uInt chunk = static_cast<uInt>(std::min<size_t>(bytes.size(), 1u << 30));
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
      z.avail_in = chunk;
      int rc;
      do {
        z.next_out = out.get();
        z.avail_out = kOutSize;
        uInt before = z.avail_in;
        rc = inflate(&z, Z_NO_FLUSH);
        consumed += before - z.avail_in;
        size_t produced = kOutSize - z.avail_out;
        member_out += produced;
        uint64_t member_in = std::max<uint64_t>(consumed - member_offset, 1);
        if (member_out > limits.max_record_bytes ||
            (member_out > warc_format::kRatioCheckedPast && member_out / member_in > limits.max_ratio)) {
          Stop("E-LIMIT", "gzip member inflates past the limits (" + std::to_string(member_out) + " bytes from " +
                              std::to_string(member_in) + "): a gzip bomb or a record too large to check");
          return false;
        }
        std::string_view inflated(reinterpret_cast<char*>(out.get()), produced);
        if (!pending_span) {
          Parse(inflated, member_out - produced);
        } else {
          // Enough of the next member to tell a new record from the rest
          // of the last one, whatever the pieces.
          probe.append(inflated);
          if (probe.size() >= kRecordStart.size() || rc == Z_STREAM_END) {
            ContinueOrEnd(probe);
            Parse(probe, 0);
            probe.clear();
          }
        }
        if (rc == Z_STREAM_END) {
          in_member = false;
          inflateReset(&z);
          // A record that runs on past its member: the next member tells
          // whether it goes on (a misaligned gzip) or was cut short.
          pending_span =
              part == Part::kBlock || part == Part::kTrailer || (part == Part::kHeader && !header.head().empty());
          if (!pending_span) EndRecord(consumed);
          break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
          Stop("E-GZIP", std::string("gzip data error: ") + (z.msg ? z.msg : "corrupt"));
          return false;
        }
      } while (z.avail_in > 0 || z.avail_out == 0);
      bytes.remove_prefix(chunk - z.avail_in);
    }
    return !stopped;
  }

  // The first bytes of the member after one that ended inside a record:
  // a new record ("WARC/") means that one was cut short; anything else
  // carries it on.
  void ContinueOrEnd(std::string_view inflated) {
    pending_span = false;
    if (inflated.starts_with(kRecordStart)) {
      EndRecord(member_offset);
      StartRecord(member_offset);
      return;
    }
    if (!span_reported)
      Issue("W-GZIP-MEMBER",
            "a record runs on past the end of its gzip member (a misaligned gzip): read all the same, but an index "
            "cannot point at it");
    span_reported = true;
  }

  void Finish() {
    if (stopped) return;
    if (gzip) {
      if (in_member) Stop("E-GZIP", "gzip member is truncated");
      if (pending_span) EndRecord(consumed);
      return;
    }
    if (part == Part::kHeader && header.head().empty()) return;  // the file ends between records
    EndRecord(consumed);
  }
};

WarcReader::WarcReader(WarcRecordSink* sink, std::vector<ReadIssue>* issues, const WarcLimits& limits,
                       WarcFraming framing)
    : state_(std::make_unique<State>(sink, issues, limits, framing)) {}

WarcReader::~WarcReader() = default;

bool WarcReader::Feed(std::string_view bytes) { return state_->Feed(bytes); }

void WarcReader::Finish() { state_->Finish(); }

std::string WarcRecordView::Field(std::string_view name) const {
  for (const auto& [n, v] : fields)
    if (EqualsIgnoreCase(n, name)) return v;
  return "";
}

size_t WarcRecordView::FieldCount(std::string_view name) const {
  return static_cast<size_t>(
      std::count_if(fields.begin(), fields.end(), [&](const auto& f) { return EqualsIgnoreCase(f.first, name); }));
}

namespace {

class CollectRecords : public WarcRecordSink {
 public:
  std::vector<WarcRecordView> records;

  void OnHeader(const WarcRecordView& record) override { records.push_back(record); }
  void OnBlock(std::string_view bytes) override { records.back().block.append(bytes); }
  void OnEnd(const WarcRecordView& record, bool whole) override {
    if (!whole) {
      records.pop_back();
      return;
    }
    records.back().length = record.length;
    records.back().truncated = record.truncated;
  }
};

}  // namespace

std::vector<WarcRecordView> ReadWarcGz(std::string_view gz, std::vector<ReadIssue>* issues, const WarcLimits& limits,
                                       WarcFraming framing) {
  CollectRecords collect;
  WarcReader reader(&collect, issues, limits, framing);
  reader.Feed(gz);
  reader.Finish();
  return std::move(collect.records);
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
