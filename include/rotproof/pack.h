#pragma once
// One WACZ for a whole blog, packed from many per-article archives: every
// article's records, streamed from the inputs into one WARC; a payload that
// several articles share stored once, its later copies written as revisit
// records; one index; pages.jsonl listing every article. The per-article
// archives stay the unit of capture and verification; the package is
// verifiable and signable like any archive.

#include <cstdint>
#include <string>
#include <vector>

#include "rotproof/cdxj_index.h"
#include "rotproof/status.h"

namespace rotproof {

struct PackOptions {
  std::string out_path;                         // the .wacz to write, whole or not at all
  std::string title;                            // the package's; "" for "<n> articles"
  std::string sign_key_path;                    // when set, the package is signed
  size_t index_block_lines = kIndexBlockLines;  // past this, the index is compressed
};

struct PackReport {
  size_t articles = 0;  // archives packed
  size_t records = 0;
  // Responses whose payload an earlier record stores: written as revisits.
  size_t revisits = 0;
  uint64_t payload_bytes_saved = 0;  // their payloads, not stored again
  uint64_t warc_bytes_before = 0;    // the packed archives' WARCs, together
  uint64_t warc_bytes_after = 0;     // the package's WARC
  uint64_t package_bytes = 0;        // the .wacz
  bool compressed_index = false;
  // Archives left out, one line each: "<path>: <why>".
  std::vector<std::string> skipped;
};

// Packs `archives` (per-article .wacz files written by rotproof, in this
// order) into options.out_path. An archive that fails verification, is
// itself a package, or holds an article already packed is skipped and
// named in the report; the rest go on. Errors: InvalidInput when no archive
// can be packed; IoError when the package cannot be written.
Result<PackReport> PackArchives(const std::vector<std::string>& archives, const PackOptions& options);

}  // namespace rotproof
