#pragma once
// The auditor: recomputes everything an archive claims and reports every
// finding, with a stable code (docs/verify-codes.md), never stopping at the
// first one.

#include <string>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

enum class Severity { kError, kWarning };

struct Finding {
  std::string code;  // "E-BLOCK-DIGEST", "W-MISSING-ASSET", ...
  Severity severity = Severity::kError;
  std::string where;    // "archive/data.warc.gz@1234", "datapackage.json", ...
  std::string message;  // one line
};

struct VerifyOptions {
  bool require_complete = false;   // a reference dead at capture is an error
  bool require_signature = false;  // an unsigned archive is an error
  // PEM public key the signature must be made with; pinning a key also
  // requires a signature (a stripped one must not pass).
  std::string pubkey_path;
  // PEM roots trusted for domain-identity signatures and their timestamps;
  // empty: the system's trust store.
  std::string ca_file;
  // Completeness only: every listed file and record present, sizes and
  // framing right, records and index consistent; no hash is computed.
  bool fast = false;
  // Warnings fail too (exit 1): for collections that must meet the letter
  // of the format.
  bool strict = false;
};

struct VerifyReport {
  std::string archive;
  bool unreadable = false;  // not an archive at all: exit code 2
  std::vector<Finding> findings;
  size_t records = 0;
  // The rotproof profile ran (the archive holds a rotproof manifest): its
  // references, and how many were archived.
  bool rotproof_profile = false;
  size_t references = 0;
  size_t archived = 0;

  bool HasErrors() const;
  bool HasWarnings() const;
  // 0 intact, 1 defective (or incomplete under require_complete, or with
  // warnings under strict), 2 unreadable.
  int ExitCode(const VerifyOptions& options) const;
};

// Audits the WACZ at `path`: zip, datapackage hashes, every WARC record's
// framing and digests, the CDXJ index, pages.jsonl, and the manifest against
// the records (every archived reference resolves to a record with the same
// digest; the rewritten article is the original with exactly the manifest's
// splices applied).
VerifyReport VerifyArchive(const std::string& path, const VerifyOptions& options);

}  // namespace rotproof
