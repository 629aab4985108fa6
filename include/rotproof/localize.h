#pragma once
// Localize: a blog's source tree fixed in place. Every post is archived (as
// `archive` does) and its references rewritten to copies the site serves
// itself, where its engine expects them; only reference spans change. What
// was changed is recorded in SITE/.rotproof/localize.sqlite, so re-running
// does nothing new and --undo gives back every byte.

#include <string>
#include <vector>

#include "rotproof/batch.h"
#include "rotproof/restore.h"
#include "rotproof/site.h"
#include "rotproof/status.h"

namespace rotproof {

// Where localize puts one post's assets and what its references then read,
// relative to the site's root (docs/sites.md): Hexo's post asset folder
// (post_asset_folder: true) or source/images/<slug>/; a Hugo page bundle's
// own folder, or static/images/<slug>/; Jekyll's assets/images/<slug>/.
// Site-absolute references carry the path of the site's URL (/blog/...).
// `post` is relative to the site's root. Errors: InvalidInput for an
// Obsidian vault (not supported yet).
Result<LayoutPaths> InPlacePaths(const Site& site, const std::string& post, const std::string& slug);

struct LocalizeOptions {
  BatchOptions batch;    // batch.archive.out_dir: where the archives go
  bool dry_run = false;  // archive to a temporary directory, change nothing, return diffs
};

struct LocalizedPost {
  std::string post;          // its path
  size_t references = 0;     // found in it
  size_t localized = 0;      // now pointing at a local copy
  std::string diff;          // dry run: the unified diff of the change
  std::string left_because;  // why it was left as it is ("" when changed)
};

struct LocalizeReport {
  std::vector<LocalizedPost> posts;
  size_t already_localized = 0;  // skipped: unchanged since a previous run localized them
  int exit_code = 0;             // as `archive`'s: 1 when a reference could not be archived
};

// Archives every post of the site at `site_dir` that a previous run has not
// localized (or that changed since), then rewrites each post with at least
// one archived reference in place. A post whose references all failed, or
// that changed while it was archived, is left untouched. Errors:
// InvalidInput when `site_dir` is no Hexo/Hugo/Jekyll site, the ledger or
// the batch's own errors.
Result<LocalizeReport> Localize(const std::string& site_dir, const LocalizeOptions& options);

struct UndoReport {
  std::vector<std::string> restored;  // posts given back their original bytes
  std::vector<std::string> left;      // "<post>: why" for posts edited since localize
};

// Puts back every post localize changed, byte for byte, and removes the
// asset files it added (those still holding the bytes it wrote) and the
// directories it made; the ledger goes when nothing is left in it. A post
// edited since is left, and named. Errors: NotFound when the site has no
// ledger.
Result<UndoReport> UndoLocalize(const std::string& site_dir);

}  // namespace rotproof
