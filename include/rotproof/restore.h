#pragma once
// Restore: an archived article and its assets, readable with no network.

#include <string>
#include <string_view>
#include <vector>

#include "rotproof/rewrite.h"
#include "rotproof/status.h"

namespace rotproof {

struct RestoreOptions {
  // Restore what is intact even when verification fails; everything skipped
  // is listed in RestoreReport::skipped.
  bool force = false;
};

struct RestoreReport {
  std::string article_dir;           // OUT/<slug>
  std::string article_path;          // OUT/<slug>/index.md (or index.html)
  size_t assets = 0;                 // files written under OUT/<slug>/assets/
  std::vector<std::string> skipped;  // with force: what was not restored, and why
};

// What restoring an article writes, as its manifest (untrusted JSON) says.
struct RestorePlan {
  std::string slug;  // the article's directory: a safe file name
  struct File {
    std::string label;        // the manifest's local path, for messages
    std::string path;         // relative to the article's directory
    std::string record_id;    // the record holding its payload
    std::string digest;       // of the stored payload
    std::vector<Splice> css;  // url() splices, for a stylesheet
    std::string problem;      // why it cannot be restored ("" when it can)
  };
  // The rewritten article first, then each asset once. Unsafe names and
  // names that collide where case or normalization is ignored come with
  // their problem.
  std::vector<File> files;
};

// Reads the plan from a manifest. Errors: Corruption for JSON that is not a
// manifest or an unsafe article name. Never throws.
Result<RestorePlan> PlanRestore(std::string_view manifest_json);

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
