#pragma once
// What the archive readers report instead of stopping.

#include <cstdint>
#include <string>

namespace rotproof {

// A problem met while reading, with a stable code (docs/verify-codes.md).
struct ReadIssue {
  std::string code;
  uint64_t offset = 0;  // in the .warc.gz; 0 for zip issues
  std::string message;
};

}  // namespace rotproof
