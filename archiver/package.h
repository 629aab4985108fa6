#pragma once
// Packaging: the last stage, one function per output format. A new format
// is a new file with its packager, and one entry in PackagerFor.

#include <string>
#include <vector>

#include "rotproof/fs.h"
#include "rotproof/pipeline.h"
#include "rotproof/wacz.h"

namespace rotproof {

// An article's written WARC and what a package lists about it.
struct PackageInput {
  const SpillBuffer* warc = nullptr;
  std::vector<CdxjEntry> index;  // every indexed record, unsorted
  std::string title;
  std::string main_page_url;  // what replay opens
  std::string date;           // of the capture, W3C-DTF
  std::string article_date;   // the article's own, YYYY-MM-DD, or ""
  const ArchiveOptions& options;
};

// Writes the archive of article `slug` into input.options.out_dir, whole
// or not at all (a temporary name, then a rename), and returns its path.
using Packager = Result<std::string> (*)(const PackageInput& input, const std::string& slug);

// <slug>.wacz: WACZ 1.1.1 (pack.cc).
Result<std::string> PackageWacz(const PackageInput& input, const std::string& slug);
// <slug>.warc.gz: the bare WARC, for existing WARC pipelines.
Result<std::string> PackageWarc(const PackageInput& input, const std::string& slug);

Packager PackagerFor(ArchiveOptions::Format format);

}  // namespace rotproof
