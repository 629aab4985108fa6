#include "cdxj_audit.h"

#include "labelled_digest.h"

namespace rotproof {

void AuditCdxjLines(RecordIndex* index, const std::vector<ScannedWarc>& warcs, std::vector<Finding>* findings) {
  auto error = [findings](const std::string& code, const std::string& where, const std::string& msg) {
    findings->push_back({code, Severity::kError, where, msg});
  };
  auto warc_of = [&warcs](const CdxjLine& line) -> std::string {
    if (!line.filename.empty()) return "archive/" + line.filename;
    return warcs.size() == 1 ? warcs[0].name : "";
  };
  index->ForEachCdxjLine([&](const IndexedCdxjLine& line) {
    std::string where = line.entry + ":" + std::to_string(line.line_no);
    if (!line.parsed) {
      error("E-CDXJ-PARSE", where, "not '<key> <14-digit timestamp> <json with url, offset, length>'");
      return;
    }
    if (line.unsorted) error("E-CDXJ-ORDER", where, "lines are not sorted");
    const CdxjLine& c = *line.parsed;
    std::optional<IndexedRecord> rec = index->FindByOffset(warc_of(c), c.offset);
    if (!rec || rec->length != c.length) {
      error("E-CDXJ-OFFSET", where,
            "offset " + std::to_string(c.offset) + " length " + std::to_string(c.length) + " is not a record" +
                (c.filename.empty() ? "" : " of archive/" + c.filename));
      return;
    }
    if (c.url != rec->target_uri) error("E-CDXJ-URL", where, "url does not match the record's WARC-Target-URI");
    if (!c.digest.empty() && !SameDigest(c.digest, rec->payload_digest_field))
      error("E-CDXJ-DIGEST", where, "digest does not match the record's payload digest");
  });
}

}  // namespace rotproof
