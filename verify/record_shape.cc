#include "record_shape.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "rotproof/text.h"

namespace rotproof {
namespace {

// WARC 1.1 §5–6: fields every record needs, and the types that need a
// WARC-Target-URI.
const std::vector<std::string> kMandatory = {"WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type"};
const std::set<std::string> kNeedTargetUri = {"response", "resource",   "request",
                                              "revisit",  "conversion", "continuation"};

// WARC 1.1 §5.4, §5.2: a W3C-DTF date to the second (fractions allowed
// since 1.1), and an id that is a URI in '<' '>'.
void CheckDateAndId(const WarcRecordView& rec, std::vector<RecordProblem>* out) {
  std::string date = rec.Field("WARC-Date");
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  bool shaped = date.size() >= kShape.size() + 1 && date.back() == 'Z';
  for (size_t i = 0; shaped && i < kShape.size(); ++i)
    shaped = kShape[i] == 'd' ? IsAsciiDigit(date[i]) : date[i] == kShape[i];
  std::string_view rest = shaped ? std::string_view(date).substr(kShape.size(), date.size() - kShape.size() - 1) : "";
  if (shaped && !rest.empty())
    shaped = rest.size() >= 2 && rest.size() <= 10 && rest[0] == '.' &&
             std::all_of(rest.begin() + 1, rest.end(), IsAsciiDigit) && rec.version != "WARC/1.0";
  if (rec.FieldCount("WARC-Date") && !shaped)
    out->push_back({"E-WARC-DATE", Severity::kError,
                    "WARC-Date '" + date.substr(0, 64) + "' is not YYYY-MM-DDThh:mm:ss[.fraction]Z" +
                        (rest.empty() ? "" : " (fractions need WARC/1.1)")});
  std::string id = rec.Field("WARC-Record-ID");
  if (rec.FieldCount("WARC-Record-ID") &&
      (id.size() < 3 || id.front() != '<' || id.back() != '>' || id.find(':') == std::string::npos))
    out->push_back(
        {"E-RECORD-ID", Severity::kError, "WARC-Record-ID '" + id.substr(0, 100) + "' is not a URI in '<' '>'"});
}

// WARC 1.0's grammar wrapped the URI in '<' '>' (wget still writes it so);
// WARC 1.1 does not, and a URI never holds spaces.
void CheckTargetUri(const WarcRecordView& rec, std::vector<RecordProblem>* out) {
  std::string uri = rec.Field("WARC-Target-URI");
  if (uri.empty()) return;
  if (uri != UnbracketedUri(uri) && rec.version != "WARC/1.0")
    out->push_back({"W-TARGET-URI", Severity::kWarning,
                    "WARC-Target-URI in '<' '>', the WARC 1.0 form, in a " + rec.version + " record"});
  if (uri.find_first_of(" \t") != std::string::npos)
    out->push_back({"W-TARGET-URI", Severity::kWarning, "WARC-Target-URI holds spaces: '" + uri.substr(0, 200) + "'"});
}

// An application/http block of a response or request starts with a
// status line ("HTTP/1.1 200 OK") or a request line ("GET /a HTTP/1.1"),
// and its head ends.
void CheckHttpStart(const ScannedRecord& scanned, const std::string& type, std::vector<RecordProblem>* out) {
  const WarcRecordView& rec = scanned.header;
  if (!scanned.http || (type != "response" && type != "request") || rec.Field("Content-Length") == "0") return;
  if (!scanned.http_head_complete && !scanned.http_head_too_long) {
    out->push_back({"E-HTTP-HEAD", Severity::kError, "the HTTP head of the " + type + " never ends (no CRLF CRLF)"});
    return;
  }
  std::string_view line = scanned.http_first_line;
  bool ok;
  if (type == "response") {
    size_t sp = line.find(' ');
    ok = line.starts_with("HTTP/") && sp != std::string_view::npos && line.size() >= sp + 4 &&
         IsAsciiDigit(line[sp + 1]) && IsAsciiDigit(line[sp + 2]) && IsAsciiDigit(line[sp + 3]);
  } else {
    size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    ok = sp1 != std::string_view::npos && sp1 > 0 && sp2 > sp1 && line.substr(sp2 + 1).starts_with("HTTP/");
  }
  if (!scanned.http_head_too_long && !ok)
    out->push_back({"E-HTTP-HEAD", Severity::kError,
                    "the HTTP " + type + " does not start with a " + (type == "response" ? "status" : "request") +
                        " line: '" + std::string(line.substr(0, 80)) + "'"});
}

void CheckHttpHead(std::string_view head, size_t body, std::vector<RecordProblem>* out) {
  bool chunked = AsciiLower(head).find("transfer-encoding") != std::string::npos;
  std::istringstream lines{std::string(head)};
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string lower = line;
    lower = AsciiLower(lower);
    // Readers store decoded bodies, so a stale Content-Length is common.
    if (lower.rfind("content-length:", 0) == 0) {
      std::string v = line.substr(15);
      v.erase(0, v.find_first_not_of(' '));
      if (v != std::to_string(body) && !chunked)
        out->push_back({"W-HTTP-CONTENT-LENGTH", Severity::kWarning,
                        "HTTP Content-Length " + v + " but the body has " + std::to_string(body) + " bytes"});
    }
  }
}

}  // namespace

std::string UnbracketedUri(const std::string& uri) {
  return uri.size() >= 2 && uri.front() == '<' && uri.back() == '>' ? uri.substr(1, uri.size() - 2) : uri;
}

void CheckRecordFields(const WarcRecordView& rec, std::vector<RecordProblem>* out) {
  std::string type = rec.Field("WARC-Type");
  auto missing = [&](const std::string& field) {
    out->push_back({"E-MISSING-FIELD", Severity::kError, type + " record lacks " + field});
  };
  for (const std::string& f : kMandatory)
    if (rec.FieldCount(f) == 0) missing(f);
  for (const char* f : {"WARC-Record-ID", "WARC-Type", "WARC-Date", "Content-Length", "WARC-Target-URI",
                        "WARC-Block-Digest", "WARC-Payload-Digest"})
    if (rec.FieldCount(f) > 1) out->push_back({"E-REPEATED-FIELD", Severity::kError, std::string(f) + " repeats"});
  if (kNeedTargetUri.count(type) && rec.FieldCount("WARC-Target-URI") == 0) missing("WARC-Target-URI");
  CheckTargetUri(rec, out);
  CheckDateAndId(rec, out);
  if (type == "warcinfo" && rec.FieldCount("WARC-Target-URI") != 0)
    out->push_back({"E-FORBIDDEN-FIELD", Severity::kError, "warcinfo record carries WARC-Target-URI"});
  if (type == "revisit")
    for (const char* f : {"WARC-Profile", "WARC-Payload-Digest"})
      if (rec.FieldCount(f) == 0) missing(f);
  if (type == "continuation")
    for (const char* f : {"WARC-Segment-Origin-ID", "WARC-Segment-Number"})
      if (rec.FieldCount(f) == 0) missing(f);
}

void CheckRecordHttp(const ScannedRecord& scanned, std::vector<RecordProblem>* out) {
  std::string type = scanned.header.Field("WARC-Type");
  CheckHttpStart(scanned, type, out);
  if (type == "response" && !scanned.http_head.empty()) CheckHttpHead(scanned.http_head, scanned.payload_bytes, out);
}

}  // namespace rotproof
