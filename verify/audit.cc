#include <algorithm>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "archive_scan.h"
#include "rotproof/digest.h"
#include "rotproof/names.h"
#include "rotproof/verify.h"
#include "cdxj.h"
#include "signature.h"

namespace rotproof {
namespace {

using nlohmann::json;

// WARC 1.1 §5–6: fields every record needs, and the types that need a
// WARC-Target-URI or must not carry one.
const std::vector<std::string> kMandatory = {"WARC-Record-ID", "Content-Length", "WARC-Date",
                                             "WARC-Type"};
const std::set<std::string> kNeedTargetUri = {"response", "resource", "request", "revisit",
                                              "conversion", "continuation"};

// "sha256:<hex>" in canonical form, or "" when the label or encoding is one
// this verifier does not check.
std::string CanonicalSha256(const std::string& labelled) {
  size_t colon = labelled.find(':');
  if (colon == std::string::npos) return "";
  std::string label = labelled.substr(0, colon);
  label.erase(std::remove(label.begin(), label.end(), '-'), label.end());
  std::transform(label.begin(), label.end(), label.begin(), ::tolower);
  std::string value = labelled.substr(colon + 1);
  if (label != "sha256" || value.size() != 64 ||
      !std::all_of(value.begin(), value.end(), ::isxdigit))
    return "";
  std::transform(value.begin(), value.end(), value.begin(), ::tolower);
  return "sha256:" + value;
}

class Auditor {
 public:
  Auditor(VerifyReport* report, const VerifyOptions& options) : r_(report), options_(options) {}

  void Run(const std::string& path) {
    auto scan = ScanArchive(path, !options_.fast);
    if (!scan.ok()) {
      r_->unreadable = true;
      Error("E-UNREADABLE", path, scan.status().message());
      return;
    }
    scan_ = std::move(scan).value();
    if (scan_.is_wacz) {
      CheckZip();
      Guarded("E-DATAPACKAGE-JSON", "datapackage.json", [this] { CheckDatapackage(); });
    }
    if (!scan_.has_warc) {
      Error("E-WARC-MISSING", kWarcEntry, "the archive holds no WARC");
      return;
    }
    for (const ReadIssue& i : scan_.warc_issues) Error(i.code, At(i.offset), i.message);
    r_->records = scan_.records.size();
    for (const ScannedRecord& rec : scan_.records) CheckRecord(rec);
    for (const ScannedRecord& rec : scan_.records)
      if (rec.header.Field("WARC-Type") == "revisit") CheckRevisit(rec.header);
    if (scan_.is_wacz) {
      CheckCdxj();
      CheckPages();
    }
    Guarded("E-MANIFEST-JSON", "manifest", [this] { CheckManifest(); });
  }

 private:
  // nlohmann::json throws on a value of the wrong type; in a hostile archive
  // that is a finding, not a crash.
  template <typename Check>
  void Guarded(const char* code, const std::string& where, Check check) {
    try {
      check();
    } catch (const json::exception& e) {
      Error(code, where, std::string("unexpected JSON: ") + e.what());
    }
  }

  void Error(const std::string& code, const std::string& where, const std::string& msg) {
    r_->findings.push_back({code, Severity::kError, where, msg});
  }
  void Warn(const std::string& code, const std::string& where, const std::string& msg) {
    r_->findings.push_back({code, Severity::kWarning, where, msg});
  }
  std::string At(uint64_t offset) const { return scan_.warc_name + "@" + std::to_string(offset); }

  void CheckZip() {
    for (const ReadIssue& i : scan_.zip_issues) Error(i.code, "zip", i.message);
    for (const ScannedEntry& e : scan_.entries) {
      if (!entries_.emplace(e.name, &e).second)
        Error("E-ZIP-DUPLICATE", e.name, "entry name appears twice");
      if (e.name.empty() || e.name[0] == '/' || e.name.find("..") != std::string::npos ||
          e.name.find('\\') != std::string::npos)
        Error("E-ZIP-PATH", e.name, "unsafe entry name");
    }
  }
  const ScannedEntry* Entry(const std::string& name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : it->second;
  }
  const ScannedRecord* RecordById(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second;
  }

  void CheckDatapackage() {
    const ScannedEntry* dp = Entry("datapackage.json");
    if (dp == nullptr) {
      Error("E-DATAPACKAGE-MISSING", "datapackage.json", "missing");
      return;
    }
    json j = json::parse(dp->data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      Error("E-DATAPACKAGE-JSON", "datapackage.json", "not a JSON object");
      return;
    }
    if (j.value("profile", "") != "data-package" || j.value("wacz_version", "") != "1.1.1")
      Error("E-WACZ-VERSION", "datapackage.json",
            "profile must be \"data-package\" and wacz_version \"1.1.1\"");
    std::set<std::string> listed;
    const json& resources = j.contains("resources") ? j["resources"] : json();
    if (!resources.is_array()) Error("E-DATAPACKAGE-JSON", "datapackage.json", "no resources list");
    for (const json& res : resources.is_array() ? resources : json::array()) {
      std::string path = res.value("path", "");
      listed.insert(path);
      const ScannedEntry* e = Entry(path);
      if (e == nullptr) {
        Error("E-RESOURCE-MISSING", path, "listed in datapackage.json but not in the zip");
        continue;
      }
      std::string claimed = res.value("hash", "");
      std::string canonical = CanonicalSha256(claimed);
      if (canonical.empty()) {
        Error("E-DIGEST-LABEL", path, "hash '" + claimed + "' is not sha256:<64 hex>");
      } else if (std::string actual = options_.fast ? canonical : e->sha256; actual != canonical) {
        Error("E-RESOURCE-HASH", path, "hash in datapackage.json is " + claimed +
                                           ", file hashes to " + actual);
      }
      if (!res.contains("bytes") || !res["bytes"].is_number_unsigned() ||
          res["bytes"].get<uint64_t>() != e->size)
        Error("E-RESOURCE-SIZE", path, "bytes in datapackage.json is not the file's size " +
                                           std::to_string(e->size));
    }
    for (const auto& [name, entry] : entries_)
      if (name != "datapackage.json" && name != "datapackage-digest.json" && !listed.count(name))
        Error("E-RESOURCE-UNLISTED", name, "in the zip but not listed in datapackage.json");

    const ScannedEntry* dd = Entry("datapackage-digest.json");
    if (dd == nullptr) {
      Warn("W-DIGEST-FILE-MISSING", "datapackage-digest.json", "missing");
      if (SignatureRequired(options_))
        Error("E-SIGNATURE-MISSING", "datapackage-digest.json", "the archive is not signed");
      return;
    }
    json d = json::parse(dd->data, nullptr, false);
    // Even --fast checks these: the two small files are hashed in
    // microseconds, and a pinned key must never pass unchecked.
    CheckSignature(d, Sha256Digest(dp->data), j.value("created", ""), options_, &r_->findings);
    if (options_.fast) return;  // completeness only: the digest file is fixity
    std::string claimed = d.is_object() ? d.value("hash", "") : "";
    if (CanonicalSha256(claimed) != Sha256Digest(dp->data))
      Error("E-DATAPACKAGE-DIGEST", "datapackage-digest.json",
            "hash '" + claimed + "' does not match datapackage.json (" + Sha256Digest(dp->data) +
                ")");
  }

  void CheckDigest(const WarcRecordView& rec, const char* field, const std::string& actual,
                   const char* code) {
    std::string claimed = rec.Field(field);
    if (claimed.empty()) return;
    std::string canonical = CanonicalSha256(claimed);
    if (canonical.empty()) {
      Warn("W-DIGEST-UNCHECKED", At(rec.offset), std::string(field) + " '" + claimed +
                                                     "' uses an algorithm or encoding not checked");
      return;
    }
    if (actual != canonical)
      Error(code, At(rec.offset), rec.Field("WARC-Record-ID") + ": " + field + " is " + claimed +
                                      ", content hashes to " + actual);
  }

  void CheckRecord(const ScannedRecord& scanned) {
    const WarcRecordView& rec = scanned.header;
    std::string type = rec.Field("WARC-Type");
    for (const std::string& f : kMandatory)
      if (rec.FieldCount(f) == 0)
        Error("E-MISSING-FIELD", At(rec.offset), type + " record lacks " + f);
    for (const char* f : {"WARC-Record-ID", "WARC-Type", "WARC-Date", "Content-Length",
                          "WARC-Target-URI", "WARC-Block-Digest", "WARC-Payload-Digest"})
      if (rec.FieldCount(f) > 1) Error("E-REPEATED-FIELD", At(rec.offset), std::string(f) + " repeats");
    if (kNeedTargetUri.count(type) && rec.FieldCount("WARC-Target-URI") == 0)
      Error("E-MISSING-FIELD", At(rec.offset), type + " record lacks WARC-Target-URI");
    if (type == "warcinfo" && rec.FieldCount("WARC-Target-URI") != 0)
      Error("E-FORBIDDEN-FIELD", At(rec.offset), "warcinfo record carries WARC-Target-URI");
    std::string id = rec.Field("WARC-Record-ID");
    if (!id.empty() && !by_id_.emplace(id, &scanned).second)
      Error("E-DUPLICATE-ID", At(rec.offset), "WARC-Record-ID " + id + " is used twice");
    if (rec.truncated) return;
    if (type == "response" && !scanned.http_head.empty())
      CheckHttpHead(rec, scanned.http_head, scanned.payload_bytes);
    if (options_.fast) return;
    CheckDigest(rec, "WARC-Block-Digest", scanned.block_digest, "E-BLOCK-DIGEST");
    if (type == "revisit") return;  // its payload lives in the record it refers to
    if (scanned.http_head_too_long) {
      Warn("W-DIGEST-UNCHECKED", At(rec.offset), "HTTP head longer than 1 MiB: payload digest not checked");
      return;
    }
    CheckDigest(rec, "WARC-Payload-Digest", scanned.payload_digest, "E-PAYLOAD-DIGEST");
  }

  // WARC 1.1 §6.7: an identical-payload-digest revisit names the record that
  // holds the payload, and that payload must have the revisit's digest.
  void CheckRevisit(const WarcRecordView& rec) {
    for (const char* f : {"WARC-Profile", "WARC-Payload-Digest"})
      if (rec.FieldCount(f) == 0) Error("E-MISSING-FIELD", At(rec.offset), std::string("revisit record lacks ") + f);
    std::string refers = rec.Field("WARC-Refers-To");
    if (refers.empty()) return;
    const ScannedRecord* found = RecordById(refers);
    if (found == nullptr) {
      Error("E-REVISIT-REFERS", At(rec.offset), "WARC-Refers-To " + refers + " is not in the WARC");
      return;
    }
    const WarcRecordView* original = &found->header;
    if (original->Field("WARC-Payload-Digest") != rec.Field("WARC-Payload-Digest"))
      Error("E-REVISIT-DIGEST", At(rec.offset), "payload digest differs from the record it refers to");
    if (rec.FieldCount("WARC-Refers-To-Target-URI") != 0 &&
        rec.Field("WARC-Refers-To-Target-URI") != original->Field("WARC-Target-URI"))
      Error("E-REVISIT-REFERS", At(rec.offset), "WARC-Refers-To-Target-URI differs from the record it refers to");
    if (rec.FieldCount("WARC-Refers-To-Date") != 0 &&
        rec.Field("WARC-Refers-To-Date") != original->Field("WARC-Date"))
      Error("E-REVISIT-REFERS", At(rec.offset), "WARC-Refers-To-Date differs from the record it refers to");
  }

  void CheckHttpHead(const WarcRecordView& rec, std::string_view head, size_t body) {
    std::istringstream lines{std::string(head)};
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::string lower = line;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      if (lower.rfind("transfer-encoding:", 0) == 0)
        Error("E-HTTP-CHUNKED", At(rec.offset), "stored response keeps Transfer-Encoding; "
                                                "readers disagree on its payload digest");
      if (lower.rfind("content-length:", 0) == 0) {
        std::string v = line.substr(15);
        v.erase(0, v.find_first_not_of(' '));
        if (v != std::to_string(body))
          Error("E-HTTP-CONTENT-LENGTH", At(rec.offset),
                "HTTP Content-Length " + v + " but the body has " + std::to_string(body) + " bytes");
      }
    }
  }

  void CheckCdxj() {
    const ScannedEntry* idx = Entry("indexes/index.cdxj");
    if (idx == nullptr) {
      Error("E-CDXJ-MISSING", "indexes/index.cdxj", "missing");
      return;
    }
    std::map<uint64_t, const WarcRecordView*> by_offset;
    for (const ScannedRecord& rec : scan_.records) by_offset[rec.header.offset] = &rec.header;
    std::istringstream in(idx->data);
    std::string line, previous;
    for (int n = 1; std::getline(in, line); ++n) {
      std::string where = "indexes/index.cdxj:" + std::to_string(n);
      std::optional<CdxjLine> c = ParseCdxjLine(line);
      if (!c) {
        Error("E-CDXJ-PARSE", where, "not '<key> <14-digit timestamp> <json with url, offset, length>'");
        continue;
      }
      if (line < previous) Error("E-CDXJ-ORDER", where, "lines are not sorted");
      previous = line;
      auto it = by_offset.find(c->offset);
      if (it == by_offset.end() || it->second->length != c->length) {
        Error("E-CDXJ-OFFSET", where, "offset " + std::to_string(c->offset) + " length " +
                                          std::to_string(c->length) + " is not a record");
        continue;
      }
      const WarcRecordView& rec = *it->second;
      if (c->url != rec.Field("WARC-Target-URI"))
        Error("E-CDXJ-URL", where, "url does not match the record's WARC-Target-URI");
      if (c->digest != rec.Field("WARC-Payload-Digest"))
        Error("E-CDXJ-DIGEST", where, "digest does not match the record's payload digest");
    }
  }

  void CheckPages() {
    const ScannedEntry* pages = Entry("pages/pages.jsonl");
    if (pages == nullptr) {
      Error("E-PAGES", "pages/pages.jsonl", "missing");
      return;
    }
    std::istringstream in(pages->data);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      json j = json::parse(line, nullptr, false);
      bool ok = j.is_object() && (n == 1 || (j["url"].is_string() && j["ts"].is_string())) &&
                (n == 1 ? j.contains("format") && j.contains("id") : j.contains("url") && j.contains("ts"));
      if (!ok)
        Error("E-PAGES", "pages/pages.jsonl:" + std::to_string(n),
              n == 1 ? "header line needs format and id" : "page needs url and ts");
    }
  }

  // The manifest's article record must be the record it names, with the
  // digest it names. Returns that record, when its bytes were kept for the
  // rewrite check, or nullptr.
  const WarcRecordView* ManifestRecord(const json& part, const std::string& what) {
    std::string id = part.value("record_id", "");
    const ScannedRecord* rec = RecordById(id);
    if (rec == nullptr) {
      Error("E-MANIFEST-RECORD", "manifest", what + " record " + id + " is not in the WARC");
      return nullptr;
    }
    if (!options_.fast && rec->payload_digest != part.value("digest", ""))
      Error("E-MANIFEST-DIGEST", "manifest", what + " record " + id +
                                                 " does not match the manifest's digest");
    if (!rec->held) {
      Error("E-MANIFEST-RECORD", "manifest", what + " record " + id +
                                                 " is not a urn:rotproof: record of at most 64 MiB; "
                                                 "the rewrite cannot be checked");
      return nullptr;
    }
    return &rec->header;
  }

  // Checks one manifest entry; returns true when it is archived (and then
  // its record, digest, size and local path have been checked).
  bool CheckEntry(const json& ref, const std::string& where, std::map<std::string, std::string>* digest_by_path) {
    std::string label = ref.value("where", "") + " " + ref.value("url", "");
    if (ref.value("status", "") != "archived") {
      Warn("W-MISSING-ASSET", where, label + ": not archived at capture: " + ref.value("reason", ""));
      return false;
    }
    std::string path = ref.value("local_path", "");
    std::string name = path.rfind("assets/", 0) == 0 ? path.substr(7) : "";
    if (!IsSafeFileName(name)) {
      Error("E-LOCAL-PATH", where, label + ": unsafe local path '" + path + "'");
    } else if (auto [other, fresh] = path_by_key_.emplace(FileNameKey(name), path); !fresh && other->second != path) {
      Error("E-LOCAL-PATH", where, label + ": '" + path + "' and '" + other->second +
                                       "' are one file where case or Unicode normalization is ignored");
    }
    std::string digest = ref.value("payload_digest", "");
    auto [it, inserted] = digest_by_path->emplace(path, digest);
    if (!inserted && it->second != digest)
      Error("E-LOCAL-PATH", where, label + ": '" + path + "' already holds another payload");
    const ScannedRecord* rec = RecordById(ref.value("record_id", ""));
    if (rec == nullptr || rec->header.Field("WARC-Type") != "response") {
      Error("E-MANIFEST-RECORD", where, label + ": response record " + ref.value("record_id", "") +
                                            " is not in the WARC");
    } else if (!options_.fast && rec->payload_digest != digest) {
      Error("E-MANIFEST-DIGEST", where, label + ": stored body hashes to " + rec->payload_digest +
                                            ", manifest says " + digest);
    } else if (!ref.contains("bytes") || !ref["bytes"].is_number_unsigned() ||
               ref["bytes"].get<uint64_t>() != rec->payload_bytes) {
      Error("E-MANIFEST-DIGEST", where, label + ": manifest size differs from the stored body");
    }
    return true;
  }

  void CheckManifest() {
    const ScannedRecord* mrec = nullptr;
    for (const ScannedRecord& rec : scan_.records)
      if (rec.header.Field("WARC-Type") == "metadata" &&
          rec.header.Field("WARC-Target-URI").rfind(warc_format::kManifestUriPrefix, 0) == 0)
        mrec = &rec;
    if (mrec == nullptr) {
      Error("E-MANIFEST-MISSING", scan_.warc_name, "no rotproof manifest record");
      return;
    }
    json m = json::parse(mrec->header.block, nullptr, false);
    if (!m.is_object() || !m.contains("article") || !m["references"].is_array()) {
      Error("E-MANIFEST-JSON", At(mrec->header.offset),
            mrec->held ? "manifest is not the expected JSON" : "manifest is larger than 64 MiB");
      return;
    }
    const json& article = m["article"];
    const WarcRecordView* original = ManifestRecord(article.value("original", json::object()), "original");
    const WarcRecordView* rewritten =
        ManifestRecord(article.value("rewritten", json::object()), "rewritten");
    struct Splice {
      uint64_t begin, end;
      std::string text;
    };
    std::vector<Splice> splices;
    std::map<std::string, std::string> digest_by_path;
    size_t n = 0;
    for (const json& ref : m["references"]) {
      std::string where = "manifest reference " + std::to_string(n++);
      ++r_->references;
      if (!CheckEntry(ref, where, &digest_by_path)) continue;
      ++r_->archived;
      const json& span = ref.value("span", json::array());
      if (!span.is_array() || span.size() != 2 || !span[0].is_number_unsigned() ||
          !span[1].is_number_unsigned()) {
        Error("E-MANIFEST-JSON", where, "span is not [begin, end]");
        continue;
      }
      splices.push_back({span[0].get<uint64_t>(), span[1].get<uint64_t>(), ref.value("local_path", "")});
    }
    for (const json& other : m.value("other_rewrites", json::array())) {
      const json& span = other.value("span", json::array());
      if (!span.is_array() || span.size() != 2 || !span[0].is_number_unsigned() || !span[1].is_number_unsigned()) {
        Error("E-MANIFEST-JSON", "manifest", "other_rewrites span is not [begin, end]");
        continue;
      }
      std::string text = other.value("text", "");
      if (text != "./") Error("E-MANIFEST-JSON", "manifest", "other_rewrites may only write \"./\"");
      splices.push_back({span[0].get<uint64_t>(), span[1].get<uint64_t>(), text});
    }
    n = 0;
    for (const json& asset : m.value("stylesheet_assets", json::array()))
      CheckEntry(asset, "manifest stylesheet asset " + std::to_string(n++), &digest_by_path);
    if (original == nullptr || rewritten == nullptr || options_.fast) return;
    // The rewritten article must be the original with exactly these splices:
    // then it references only archived files and nothing else was changed.
    std::sort(splices.begin(), splices.end(),
              [](const Splice& a, const Splice& b) { return a.begin < b.begin; });
    std::string_view src = RecordPayload(*original);
    std::string expected;
    uint64_t pos = 0;
    for (const Splice& s : splices) {
      if (s.begin < pos || s.end < s.begin || s.end > src.size()) {
        Error("E-MANIFEST-JSON", "manifest", "reference spans overlap or leave the article");
        return;
      }
      expected.append(src.substr(pos, s.begin - pos));
      expected.append(s.text);
      pos = s.end;
    }
    expected.append(src.substr(pos));
    if (expected != RecordPayload(*rewritten))
      Error("E-REWRITE-MISMATCH", "manifest",
            "the rewritten article is not the original with the manifest's local paths spliced in");
  }

  VerifyReport* r_;
  const VerifyOptions& options_;
  ArchiveScan scan_;
  std::map<std::string, const ScannedEntry*> entries_;
  std::map<std::string, const ScannedRecord*> by_id_;
  std::map<std::string, std::string> path_by_key_;  // FileNameKey of a local path → the path
};

}  // namespace

bool VerifyReport::HasErrors() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kError; });
}

int VerifyReport::ExitCode(const VerifyOptions& options) const {
  if (unreadable) return 2;
  if (HasErrors()) return 1;
  if (options.require_complete && archived < references) return 1;
  return 0;
}

VerifyReport VerifyArchive(const std::string& path, const VerifyOptions& options) {
  VerifyReport report;
  report.archive = path;
  try {
    Auditor(&report, options).Run(path);
  } catch (const std::bad_alloc&) {
    // That archive could not be audited; the others still are.
    report.unreadable = true;
    report.findings.push_back({"E-UNREADABLE", Severity::kError, path, "out of memory auditing it"});
  }
  return report;
}

}  // namespace rotproof
