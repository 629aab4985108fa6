#pragma once
// Restore: an archived article and its assets, readable with no network.

#include <string>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

struct RestoreOptions {
  // Restore what is intact even when verification fails; everything skipped
  // is listed in RestoreReport::skipped.
  bool force = false;
};

struct RestoreReport {
  std::string article_dir;  // OUT/<slug>
  std::string article_path; // OUT/<slug>/index.md (or index.html)
  size_t assets = 0;        // files written under OUT/<slug>/assets/
  std::vector<std::string> skipped;  // with force: what was not restored, and why
};

// Verifies `archive`, then writes OUT/<slug>/index.md (the rewritten article)
// and OUT/<slug>/assets/* so every rewritten reference resolves to a file.
// Nothing is written outside `out_dir`: names are single safe path
// components, and names that collide case-insensitively are refused. The
// article is staged and renamed into place whole. Errors: InvalidInput for
// an unreadable archive or an existing OUT/<slug>; Corruption when
// verification finds defects or a name is unsafe (unless options.force).
Result<RestoreReport> RestoreArchive(const std::string& archive, const std::string& out_dir,
                                     const RestoreOptions& options = {});

}  // namespace rotproof
