#pragma once
// A WACZ's package files: datapackage.json lists every entry with its hash
// and size, datapackage-digest.json hashes it and may sign it
// (signature.cc).

#include <map>
#include <string>
#include <vector>

#include "archive_scan.h"
#include "rotproof/verify.h"

namespace rotproof {

// Appends the findings about the package files, given the zip's entries by
// name. May throw nlohmann::json exceptions on values of the wrong type
// (callers guard it: GuardJson).
void AuditDatapackage(const std::map<std::string, const ScannedEntry*>& entries, const VerifyOptions& options,
                      std::vector<Finding>* findings);

}  // namespace rotproof
