#pragma once
// What the audit's parts share: the options, where findings go, the record
// index and the records held whole, both on disk.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "archive_scan.h"
#include "held_records.h"
#include "record_index.h"
#include "rotproof/verify.h"

namespace rotproof {

struct AuditContext {
  const VerifyOptions& options;
  RecordIndex index;
  HeldRecords held;  // the urn:rotproof: records
  // A warcinfo record names rotproof as its software: the rotproof profile
  // (its manifest) is then required, not only checked when present.
  bool rotproof_written = false;

  static void Add(std::vector<Finding>* to, Severity severity, const std::string& code, const std::string& where,
                  const std::string& message) {
    to->push_back({code, severity, where, message});
  }
  static std::string At(const std::string& warc, uint64_t offset) { return warc + "@" + std::to_string(offset); }
  static std::string At(const RecordPlace& place) { return At(place.first, place.second); }

  // `record` as held whole, or nullptr when it is not held; until
  // held.Release().
  const ScannedRecord* Held(const IndexedRecord& record) { return held.Load({record.warc, record.offset}); }
};

// nlohmann::json throws on a value of the wrong type; in a hostile archive
// that is a finding, not a crash.
template <typename Check>
void GuardJson(std::vector<Finding>* findings, const char* code, const std::string& where, Check check) {
  try {
    check();
  } catch (const nlohmann::json::exception& e) {
    AuditContext::Add(findings, Severity::kError, code, where, std::string("unexpected JSON: ") + e.what());
  }
}

// Audits each rotproof manifest (one per article: a package holds several)
// against the records. An archive without one, not written by rotproof, is
// not rotproof's to judge: nothing is reported. Every archived reference
// resolves to a response or resource with its digest and size (through a
// revisit, in a package, to the record storing the payload), local paths
// are safe and distinct within an article, and each rewritten article is
// its original with exactly its manifest's splices. Counts references and
// archived ones into `report`.
void AuditManifests(AuditContext* context, const std::vector<RecordPlace>& manifests, VerifyReport* report);

}  // namespace rotproof
