#pragma once
// One line of a CDXJ index, read leniently: numbers may be JSON numbers or
// numeric strings (py-wacz writes strings, ArchiveWeb.page numbers).
// The verifier's own reader; the archiver reads archives with it too.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rotproof {

struct CdxjLine {
  std::string key;        // SURT
  std::string timestamp;  // 14 digits (+ optional fraction)
  std::string url;
  std::string digest;  // "" when absent
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string filename{};  // the WARC under archive/ it points into; "" when absent
  std::string mime{};      // "" when absent
  uint64_t status = 0;     // HTTP status; 0 when absent
};

// nullopt when `line` is not "<key> <timestamp> <json>" with a string url
// and numeric offset and length.
std::optional<CdxjLine> ParseCdxjLine(std::string_view line);

}  // namespace rotproof
