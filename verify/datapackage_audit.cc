#include "datapackage_audit.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "audit_context.h"
#include "rotproof/digest.h"
#include "rotproof/json_number.h"
#include "rotproof/text.h"
#include "rotproof/warc_format.h"
#include "signature.h"

namespace rotproof {
namespace {

using nlohmann::json;

// WACZ lists its files' hashes as "sha256:<64 hex>" (the label's case and a
// hyphen aside): the canonical form, or "" for anything else, which is a
// finding here, unlike the many spellings a WARC digest may take.
std::string CanonicalSha256(const std::string& labelled) {
  size_t colon = labelled.find(':');
  if (colon == std::string::npos) return "";
  std::string label = labelled.substr(0, colon);
  label.erase(std::remove(label.begin(), label.end(), '-'), label.end());
  label = AsciiLower(label);
  std::string value = labelled.substr(colon + 1);
  if (label != "sha256" || value.size() != 64 || !std::all_of(value.begin(), value.end(), ::isxdigit)) return "";
  value = AsciiLower(value);
  return "sha256:" + value;
}

class DatapackageAuditor {
 public:
  DatapackageAuditor(const std::map<std::string, const ScannedEntry*>& entries, const VerifyOptions& options,
                     std::vector<Finding>* findings)
      : entries_(entries), options_(options), findings_(findings) {}

  void Run() {
    const ScannedEntry* dp = Entry(warc_format::kDatapackageEntry);
    if (dp == nullptr) {
      Error("E-DATAPACKAGE-MISSING", warc_format::kDatapackageEntry, "missing");
      return;
    }
    json j = json::parse(dp->data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      Error("E-DATAPACKAGE-JSON", warc_format::kDatapackageEntry, "not a JSON object");
      return;
    }
    if (j.value("profile", "") != "data-package" || j.value("wacz_version", "") != "1.1.1")
      Error("E-WACZ-VERSION", warc_format::kDatapackageEntry,
            "wacz_version \"" + j.value("wacz_version", "") +
                "\" is not 1.1.1, the version checked here (and profile must be \"data-package\")");
    std::set<std::string> listed;
    const json& resources = j.contains("resources") ? j["resources"] : json();
    if (!resources.is_array()) Error("E-DATAPACKAGE-JSON", warc_format::kDatapackageEntry, "no resources list");
    for (const json& res : resources.is_array() ? resources : json::array()) {
      std::string path = res.value("path", "");
      listed.insert(path);
      const ScannedEntry* e = Entry(path);
      if (e == nullptr) {
        Error("E-RESOURCE-MISSING", path, "listed in datapackage.json but not in the zip");
        continue;
      }
      CheckResource(res, *e);
    }
    for (const auto& [name, entry] : entries_)
      if (name != warc_format::kDatapackageEntry && name != warc_format::kDatapackageDigestEntry && !listed.count(name))
        Error("E-RESOURCE-UNLISTED", name, "in the zip but not listed in datapackage.json");
    CheckDigestFile(*dp, j.value("created", ""));
  }

  void CheckResource(const json& res, const ScannedEntry& e) {
    std::string claimed = res.value("hash", "");
    std::string canonical = CanonicalSha256(claimed);
    if (canonical.empty()) {
      Error("E-DIGEST-LABEL", e.name, "hash '" + claimed + "' is not sha256:<64 hex>");
    } else if (std::string actual = options_.fast ? canonical : e.sha256; actual != canonical) {
      Error("E-RESOURCE-HASH", e.name, "hash in datapackage.json is " + claimed + ", file hashes to " + actual);
    }
    if (!res.contains("bytes") || UnsignedOf(res["bytes"]) != e.size)
      Error("E-RESOURCE-SIZE", e.name, "bytes in datapackage.json is not the file's size " + std::to_string(e.size));
  }

  void CheckDigestFile(const ScannedEntry& datapackage, const std::string& created) {
    const ScannedEntry* dd = Entry(warc_format::kDatapackageDigestEntry);
    if (dd == nullptr) {
      Warn("W-DIGEST-FILE-MISSING", warc_format::kDatapackageDigestEntry, "missing");
      if (SignatureRequired(options_))
        Error("E-SIGNATURE-MISSING", warc_format::kDatapackageDigestEntry, "the archive is not signed");
      return;
    }
    json d = json::parse(dd->data, nullptr, false);
    // Even --fast checks these: the two small files are hashed in
    // microseconds, and a pinned key must never pass unchecked.
    std::string hash = Sha256Digest(datapackage.data);
    CheckSignature(d, hash, created, options_, findings_);
    if (options_.fast) return;  // completeness only: the digest file is fixity
    std::string claimed = d.is_object() ? d.value("hash", "") : "";
    if (CanonicalSha256(claimed) != hash)
      Error("E-DATAPACKAGE-DIGEST", warc_format::kDatapackageDigestEntry,
            "hash '" + claimed + "' does not match datapackage.json (" + hash + ")");
  }

 private:
  void Error(const std::string& code, const std::string& where, const std::string& msg) {
    AuditContext::Add(findings_, Severity::kError, code, where, msg);
  }
  void Warn(const std::string& code, const std::string& where, const std::string& msg) {
    AuditContext::Add(findings_, Severity::kWarning, code, where, msg);
  }
  const ScannedEntry* Entry(const std::string& name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : it->second;
  }

  const std::map<std::string, const ScannedEntry*>& entries_;
  const VerifyOptions& options_;
  std::vector<Finding>* findings_;
};

}  // namespace

void AuditDatapackage(const std::map<std::string, const ScannedEntry*>& entries, const VerifyOptions& options,
                      std::vector<Finding>* findings) {
  DatapackageAuditor(entries, options, findings).Run();
}

}  // namespace rotproof
