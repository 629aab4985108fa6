#pragma once
// The verifier's reports, for people and for programs.

#include <string>
#include <vector>

#include "rotproof/verify.h"

namespace rotproof {

// Human-readable report: one summary line, then one line per finding.
std::string FormatText(const VerifyReport& report, const VerifyOptions& options);
// The same as a JSON object (schemas/verify-report.schema.json).
std::string FormatJson(const std::vector<VerifyReport>& reports, const VerifyOptions& options);
// One archive's entry of that object on one line (JSON Lines), so that a
// collection's reports stream as each archive is done.
std::string FormatJsonLine(const VerifyReport& report, const VerifyOptions& options);

}  // namespace rotproof
