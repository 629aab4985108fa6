#include "rotproof/verify.h"

#include <algorithm>
#include <new>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "audit_context.h"
#include "cdxj_audit.h"
#include "datapackage_audit.h"
#include "labelled_digest.h"
#include "record_shape.h"
#include "rotproof/cdxj.h"
#include "rotproof/digest.h"
#include "rotproof/text.h"
#include "rotproof/warc_format.h"
#include "signature.h"

namespace rotproof {
namespace {

using nlohmann::json;

// Audits one archive in a single streaming pass. Checks of one record or
// one line run as it streams past; their findings wait in per-entry lists
// (a damaged entry takes its findings with it). Cross-checks between
// records, index and manifest run after the pass, against the on-disk
// record index, so memory does not grow with the number of records.
class Auditor : public ScanSink {
 public:
  Auditor(VerifyReport* report, AuditContext context) : r_(report), c_(std::move(context)) {}

  void Run(const std::string& path) {
    auto scanned = ScanArchive(path, !c_.options.fast, this);
    if (!scanned.ok()) {
      r_->unreadable = true;
      Error("E-UNREADABLE", path, scanned.status().message());
      return;
    }
    scan_ = std::move(scanned).value();
    if (scan_.is_wacz) {
      CheckZip();
      GuardJson(&r_->findings, "E-DATAPACKAGE-JSON", warc_format::kDatapackageEntry,
                [this] { AuditDatapackage(entries_, c_.options, &r_->findings); });
    }
    if (scan_.warcs.empty()) {
      Error("E-WARC-MISSING", "archive/", "the archive holds no WARC (archive/*.warc.gz or archive/*.warc)");
      return;
    }
    for (const ScannedWarc& warc : scan_.warcs)
      for (const ReadIssue& i : warc.issues)
        AuditContext::Add(&r_->findings, i.code.starts_with("W-") ? Severity::kWarning : Severity::kError, i.code,
                          c_.At(warc.name, i.offset), i.message);
    for (auto& [warc, findings] : record_findings_) Append(&findings);
    ReportChunkedConvention();
    ReportOpenSegments();
    r_->records = c_.index.record_count();
    c_.index.ForEachOfType("revisit", [this](const IndexedRecord& rec) { CheckRevisit(rec); });
    c_.index.ForEachDanglingLink(
        [this](const std::string& warc, uint64_t offset, const std::string& field, const std::string& target) {
          Warn("W-LINK-TARGET", c_.At(warc, offset), field + " " + target + " names no record of the archive");
        });
    if (scan_.is_wacz) {
      CheckCdxj();
      if (Entry(warc_format::kPagesEntry) == nullptr) Error("E-PAGES", warc_format::kPagesEntry, "missing");
      for (auto& [entry, findings] : page_findings_) Append(&findings);
    }
    AuditManifests(&c_, manifests_, r_);
    if (!c_.index.status().ok()) {  // its findings are not to be trusted
      r_->unreadable = true;
      Error("E-UNREADABLE", path, c_.index.status().message());
    }
  }

  void OnRecord(ScannedRecord&& record) override {
    CheckRecord(record);
    const WarcRecordView& rec = record.header;
    if (rec.Field("WARC-Type") == "metadata" &&
        rec.Field("WARC-Target-URI").rfind(warc_format::kManifestUriPrefix, 0) == 0)
      manifests_.push_back(RecordPlace{record.warc, rec.offset});
    if (rec.Field("WARC-Type") == "warcinfo") {
      c_.rotproof_written |= record.held && rec.block.find("software: rotproof/") != std::string::npos;
      return;
    }
    if (record.held) c_.held.Keep(RecordPlace{record.warc, rec.offset}, std::move(record));
  }

  void OnLine(std::string_view entry, uint64_t line_no, std::string_view line, bool cut) override {
    if (IsCdxjEntry(entry)) {
      std::string& previous = previous_cdxj_[std::string(entry)];
      IndexedCdxjLine indexed{std::string(entry), line_no, cut ? std::nullopt : ParseCdxjLine(line), line < previous};
      previous = line;
      c_.index.AddCdxjLine(indexed);
    } else if (IsIdxEntry(entry)) {
      idx_lines_[std::string(entry)].emplace_back(line_no, cut ? std::nullopt : ParseIdxLine(line));
    } else {
      CheckPage(entry, line_no, line, cut);
    }
  }

  void OnIndexBlock(std::string_view entry, const IndexBlock& block) override {
    blocks_[std::string(entry)].emplace(block.offset, block);
  }

  void OnEntryDropped(std::string_view dropped) override {
    std::string entry(dropped);
    if (IsWarcEntry(entry)) {
      c_.index.ClearRecords(entry);
      c_.held.DropWarc(entry);
      record_findings_.erase(entry);
      std::erase_if(manifests_, [&](const RecordPlace& m) { return m.first == entry; });
    } else if (IsCdxjEntry(entry)) {
      c_.index.ClearCdxjLines(entry);
      previous_cdxj_.erase(entry);
      blocks_.erase(entry);
    } else if (IsIdxEntry(entry)) {
      idx_lines_.erase(entry);
    } else {
      page_findings_.erase(entry);
    }
  }

 private:
  void Error(const std::string& code, const std::string& where, const std::string& msg) {
    AuditContext::Add(&r_->findings, Severity::kError, code, where, msg);
  }
  void Warn(const std::string& code, const std::string& where, const std::string& msg) {
    AuditContext::Add(&r_->findings, Severity::kWarning, code, where, msg);
  }
  void Append(std::vector<Finding>* findings) {
    r_->findings.insert(r_->findings.end(), std::make_move_iterator(findings->begin()),
                        std::make_move_iterator(findings->end()));
    findings->clear();
  }

  void CheckZip() {
    for (const ReadIssue& i : scan_.zip_issues) Error(i.code, "zip", i.message);
    for (const ScannedEntry& e : scan_.entries) {
      if (!entries_.emplace(e.name, &e).second) Error("E-ZIP-DUPLICATE", e.name, "entry name appears twice");
      if (e.name.empty() || e.name[0] == '/' || e.name.find("..") != std::string::npos ||
          e.name.find('\\') != std::string::npos)
        Error("E-ZIP-PATH", e.name, "unsafe entry name");
    }
  }
  const ScannedEntry* Entry(const std::string& name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : it->second;
  }

  // A digest field against the digest the scan computed in its algorithm.
  // A chunked body's payload digest passes if it is of the bytes as stored
  // or of the entity (`entity`), and the convention is counted.
  void CheckDigest(const WarcRecordView& rec, const char* field, const std::string& actual, const char* code,
                   const std::string& entity = "") {
    CheckClaim(rec, field, rec.Field(field), actual, code, entity);
  }

  void CheckClaim(const WarcRecordView& rec, const std::string& field, const std::string& claimed,
                  const std::string& actual, const char* code, const std::string& entity = "") {
    if (claimed.empty()) return;
    std::optional<LabelledDigest> d = ParseLabelledDigest(claimed);
    if (!d || !d->algorithm) {
      RecordWarning("W-DIGEST-UNCHECKED", rec,
                    std::string(field) + " '" + claimed + "' uses an algorithm this verifier does not compute");
      return;
    }
    if (d->hex.empty()) {
      RecordError("E-DIGEST-VALUE", rec,
                  std::string(field) + " '" + claimed + "' is no " + DigestLabel(*d->algorithm) +
                      " value in Base32, Base16 or Base64");
      return;
    }
    if (!d->unusual.empty()) RecordWarning("W-DIGEST-FORMAT", rec, std::string(field) + ": unusual " + d->unusual);
    std::string canonical = d->Canonical();
    if (canonical == actual) {
      if (!entity.empty()) ++chunked_as_stored_;
      return;
    }
    if (!entity.empty() && canonical == entity) {
      ++chunked_as_entity_;
      return;
    }
    RecordError(code, rec,
                rec.Field("WARC-Record-ID") + ": " + field + " is " + claimed + ", content hashes to " + actual);
  }

  // A segmented record's payload digest is checked once its last segment
  // is in; the first segments still open at the end are named.
  void TrackSegments(const ScannedRecord& scanned) {
    const WarcRecordView& rec = scanned.header;
    if (rec.Field("WARC-Segment-Number") == "1" && rec.Field("WARC-Type") != "continuation" &&
        open_segments_.size() < kMaxOpenSegments)
      open_segments_.emplace(rec.Field("WARC-Record-ID"), c_.At(warc_, rec.offset));
    if (scanned.segments_digest.empty()) return;
    open_segments_.erase(rec.Field("WARC-Segment-Origin-ID"));
    CheckClaim(rec, "WARC-Payload-Digest of " + rec.Field("WARC-Segment-Origin-ID") + " (all its segments)",
               scanned.segments_claim, scanned.segments_digest, "E-PAYLOAD-DIGEST");
  }

  void ReportOpenSegments() {
    for (const auto& [id, where] : open_segments_)
      Warn("W-SEGMENT-INCOMPLETE", where,
           id + " is split into segments that are not all here, in order: its payload digest is not checked");
  }

  // Which convention the chunked bodies' payload digests followed, once.
  void ReportChunkedConvention() {
    if (chunked_as_stored_ + chunked_as_entity_ == 0) return;
    Warn("W-HTTP-CHUNKED", "WARC",
         std::to_string(chunked_as_stored_ + chunked_as_entity_) +
             " responses are stored chunked (Transfer-Encoding kept); their payload digests are of the chunked "
             "bytes as stored (wget's convention) in " +
             std::to_string(chunked_as_stored_) + ", of the entity with the coding removed (WARC 1.1) in " +
             std::to_string(chunked_as_entity_));
  }

  // Findings of the record being checked (CheckRecord sets `warc_`): they
  // wait with their WARC's, which a damaged WARC takes with it.
  void RecordError(const std::string& code, const WarcRecordView& rec, const std::string& msg) {
    AuditContext::Add(&record_findings_[warc_], Severity::kError, code, c_.At(warc_, rec.offset), msg);
  }
  void RecordWarning(const std::string& code, const WarcRecordView& rec, const std::string& msg) {
    AuditContext::Add(&record_findings_[warc_], Severity::kWarning, code, c_.At(warc_, rec.offset), msg);
  }

  // Every check of one record alone, then the record into the index.
  void CheckRecord(const ScannedRecord& scanned) {
    warc_ = scanned.warc;
    const WarcRecordView& rec = scanned.header;
    std::string type = rec.Field("WARC-Type");
    std::vector<RecordProblem> problems;
    CheckRecordFields(rec, &problems);
    for (const auto& [name, value] : rec.fields)
      if (AsciiLower(name) == "warc-concurrent-to" || AsciiLower(name) == "warc-warcinfo-id")
        c_.index.AddLink(warc_, rec.offset, name, value);
    if (!c_.index.AddRecord(Indexed(scanned)))
      RecordError("E-DUPLICATE-ID", rec, "WARC-Record-ID " + rec.Field("WARC-Record-ID") + " is used twice");
    if (!rec.truncated) CheckRecordHttp(scanned, &problems);
    for (RecordProblem& p : problems)
      AuditContext::Add(&record_findings_[warc_], p.severity, p.code, c_.At(warc_, rec.offset), p.message);
    if (rec.truncated) return;
    if (c_.options.fast) return;
    if (type == "revisit" && IsEmptyBlockDigest(rec.Field("WARC-Block-Digest")) && rec.FieldCount("Content-Length") &&
        rec.Field("Content-Length") != "0") {
      RecordWarning("W-REVISIT-BLOCK-DIGEST", rec,
                    "WARC-Block-Digest is the digest of an empty block, but the block holds the HTTP head "
                    "(GNU Wget writes its revisits so): the head is not checked");
      return;
    }
    CheckDigest(rec, "WARC-Block-Digest", scanned.block_digest, "E-BLOCK-DIGEST");
    if (type == "revisit") return;  // its payload lives in the record it refers to
    if (scanned.http_head_too_long) {
      RecordWarning("W-DIGEST-UNCHECKED", rec, "HTTP head longer than 1 MiB: payload digest not checked");
      return;
    }
    if (rec.FieldCount("WARC-Segment-Number")) {  // the whole payload is checked at its last segment
      TrackSegments(scanned);
      return;
    }
    if (scanned.chunked && scanned.entity_digest.empty())
      RecordError("E-HTTP-CHUNKED", rec, "the HTTP head says Transfer-Encoding: chunked, the body is not chunked");
    CheckDigest(rec, "WARC-Payload-Digest", scanned.payload_digest, "E-PAYLOAD-DIGEST", scanned.entity_digest);
  }

  static IndexedRecord Indexed(const ScannedRecord& scanned) {
    const WarcRecordView& rec = scanned.header;
    auto optional = [&rec](const char* field) {
      return rec.FieldCount(field) ? std::optional<std::string>(UnbracketedUri(rec.Field(field))) : std::nullopt;
    };
    return {scanned.warc,
            rec.offset,
            rec.length,
            rec.Field("WARC-Type"),
            rec.Field("WARC-Record-ID"),
            UnbracketedUri(rec.Field("WARC-Target-URI")),
            rec.Field("WARC-Date"),
            rec.Field("WARC-Payload-Digest"),
            scanned.payload_digest,
            scanned.payload_bytes,
            rec.Field("WARC-Refers-To"),
            optional("WARC-Refers-To-Target-URI"),
            optional("WARC-Refers-To-Date")};
  }

  // WARC 1.1 §6.7: an identical-payload-digest revisit names the record that
  // holds the payload (by WARC-Refers-To, or by Refers-To-Target-URI and
  // -Date as warcio writes them), and that payload must have the revisit's
  // digest. A WACZ (or a WARC rotproof wrote) must hold it; another bare
  // WARC's original may be in another WARC of the crawl.
  void CheckRevisit(const IndexedRecord& rec) {
    std::string where = c_.At(rec.warc, rec.offset);
    std::optional<IndexedRecord> original;
    std::string named;
    if (!rec.refers_to.empty()) {
      original = c_.index.FindById(rec.refers_to);
      named = "WARC-Refers-To " + rec.refers_to;
    } else if (rec.refers_to_target_uri && rec.refers_to_date) {
      original = c_.index.FindByUriAndDate(*rec.refers_to_target_uri, *rec.refers_to_date);
      named = "the record of " + *rec.refers_to_target_uri + " at " + *rec.refers_to_date;
    } else {
      return;  // nothing to resolve it by (server-not-modified revisits may name nothing)
    }
    if (!original) {
      if (scan_.is_wacz || c_.rotproof_written)  // packages and rotproof's WARCs stand alone
        Error("E-REVISIT-REFERS", where, named + " is not in the archive");
      else
        Warn("W-REVISIT-ELSEWHERE", where, named + " is not in this file (it may be in another WARC of the crawl)");
      return;
    }
    if (!SameDigest(original->payload_digest_field, rec.payload_digest_field))
      Error("E-REVISIT-DIGEST", where, "payload digest differs from the record it refers to");
    if (rec.refers_to_target_uri && *rec.refers_to_target_uri != original->target_uri)
      Error("E-REVISIT-REFERS", where, "WARC-Refers-To-Target-URI differs from the record it refers to");
    if (rec.refers_to_date && *rec.refers_to_date != original->date)
      Error("E-REVISIT-REFERS", where, "WARC-Refers-To-Date differs from the record it refers to");
  }

  void CheckCdxj() {
    bool any = std::any_of(entries_.begin(), entries_.end(), [](const auto& e) { return IsCdxjEntry(e.first); });
    if (!any) {
      Error("E-CDXJ-MISSING", "indexes/", "no index (indexes/*.cdxj, or *.cdx.gz with *.idx)");
      return;
    }
    for (const auto& [entry, issue] : scan_.index_issues)
      Error(issue.code, entry + "@" + std::to_string(issue.offset), issue.message);
    AuditCompressedIndexes(blocks_, idx_lines_, &r_->findings);
    AuditCdxjLines(&c_.index, scan_.warcs, &r_->findings);
  }

  void CheckPage(std::string_view entry, uint64_t n, std::string_view line, bool cut) {
    json j = cut ? json(nullptr) : json::parse(line, nullptr, false);
    bool ok = j.is_object() && (n == 1 || (j["url"].is_string() && j["ts"].is_string())) &&
              (n == 1 ? j.contains("format") && j.contains("id") : j.contains("url") && j.contains("ts"));
    if (!ok)
      AuditContext::Add(&page_findings_[std::string(entry)], Severity::kError, "E-PAGES",
                        std::string(entry) + ":" + std::to_string(n),
                        n == 1 ? "header line needs format and id" : "page needs url and ts");
  }

  VerifyReport* r_;
  AuditContext c_;
  ArchiveScan scan_;
  std::map<std::string, const ScannedEntry*> entries_;
  // Findings that wait with their entry (a WARC, a pages file), which takes
  // them with it when it turns out damaged.
  std::map<std::string, std::vector<Finding>> record_findings_, page_findings_;
  std::map<std::string, std::string> previous_cdxj_;  // each index's last line
  // Compressed indexes: each one's gzip members by offset, and the .idx
  // lines that locate them.
  std::map<std::string, std::map<uint64_t, IndexBlock>> blocks_;
  std::map<std::string, std::vector<std::pair<uint64_t, std::optional<IdxLine>>>> idx_lines_;
  std::string warc_;                    // of the record being checked
  std::vector<RecordPlace> manifests_;  // one per article
  uint64_t chunked_as_stored_ = 0, chunked_as_entity_ = 0;
  static constexpr size_t kMaxOpenSegments = 10000;
  std::map<std::string, std::string> open_segments_;  // first segments' ids → where they are
};

}  // namespace

bool VerifyReport::HasErrors() const {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kError; });
}

bool VerifyReport::HasWarnings() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kWarning; });
}

int VerifyReport::ExitCode(const VerifyOptions& options) const {
  if (unreadable) return 2;
  if (HasErrors() || (options.strict && HasWarnings())) return 1;
  if (options.require_complete && archived < references) return 1;
  return 0;
}

VerifyReport VerifyArchive(const std::string& path, const VerifyOptions& options) {
  VerifyReport report;
  report.archive = path;
  auto index = RecordIndex::Create();
  if (!index.ok()) {
    report.unreadable = true;
    report.findings.push_back({"E-UNREADABLE", Severity::kError, path, index.status().message()});
    return report;
  }
  try {
    Auditor(&report, AuditContext{options, std::move(index).value(), {}}).Run(path);
  } catch (const std::bad_alloc&) {
    // That archive could not be audited; the others still are.
    report.unreadable = true;
    report.findings.push_back({"E-UNREADABLE", Severity::kError, path, "out of memory auditing it"});
  }
  return report;
}

}  // namespace rotproof
