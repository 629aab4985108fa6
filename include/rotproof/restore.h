#pragma once
// Restore: an archived article and its assets, readable with no network.

#include <string>

#include "rotproof/status.h"

namespace rotproof {

struct RestoreReport {
  std::string article_dir;  // OUT/<slug>
  std::string article_path; // OUT/<slug>/index.md (or index.html)
  size_t assets = 0;        // files written under OUT/<slug>/assets/
};

// Verifies `archive`, then writes OUT/<slug>/index.md (the rewritten article)
// and OUT/<slug>/assets/* so every rewritten reference resolves to a file.
// Nothing is written outside `out_dir`, and nothing at all unless the whole
// article was materialised (staged, then renamed into place). Errors:
// InvalidInput for an unreadable archive or an existing OUT/<slug>;
// Corruption when verification finds defects or a name is unsafe.
Result<RestoreReport> RestoreArchive(const std::string& archive, const std::string& out_dir);

}  // namespace rotproof
