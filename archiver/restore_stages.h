#pragma once
// Restore's stages that every way of restoring shares: the verdict, each
// article's plan, its payloads written into a staging directory as the
// archive streams past once, and their settling. A placement says where a
// way of restoring stages an article's files and where it puts them after:
// a directory (restore_dir.cc) or a blog's source tree (restore_site.cc).

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "payload_writer.h"
#include "rotproof/restore.h"

namespace rotproof {

// The reader page's name; an HTML article, which the manifest names so
// too, is restored beside it under another.
inline constexpr char kReaderPage[] = "index.html";
inline constexpr char kHtmlArticle[] = "article.html";

// The verifier's first error, or nothing; with force, every error goes to
// the report's skipped list instead.
Status CheckVerdict(const std::string& archive, const RestoreOptions& options, RestoreReport* report);

// The files to write from records' payloads (the article's as `article`,
// the assets under `assets_dir`), article first, each added to `wanted` by
// its record unless it has a problem already. The vector is never resized
// after: `wanted` points into it.
Result<std::vector<PayloadTarget>> TargetsFor(RestorePlan::File article, std::vector<RestorePlan::File> assets,
                                              const std::filesystem::path& article_file,
                                              const std::filesystem::path& assets_dir,
                                              std::multimap<std::string, PayloadTarget*>* wanted);

// Once the archive has streamed past: the article must be whole; an asset
// that is not is an error, or with force a skipped one.
Status SettleTargets(const std::string& archive, std::vector<PayloadTarget>& targets, const RestoreOptions& options,
                     RestoreReport* report);

// One article on its way out of the archive.
struct StagedArticle {
  Status status;                // why it is not restored, once known
  RestorePlan plan;             // a file whose record is a revisit names the record that stores its payload
  std::filesystem::path stage;  // <staging>/<slug>, for its files alone
  std::vector<PayloadTarget> targets;
  RestoreReport report;  // begins with the verdict's skipped findings
};

// How one way of restoring stages an article and places it.
struct Placement {
  // Readies the article's targets under its stage (adding them to
  // `wanted`), or sets its status.
  std::function<void(StagedArticle& article, std::multimap<std::string, PayloadTarget*>* wanted)> stage;
  // Once the archive has streamed past: the article into place.
  std::function<Result<RestoreReport>(StagedArticle& article)> place;
};

// Every article of `archive` restored in one pass over it: an article
// archive's one, or, when `package_allowed`, each of a package's (else a
// package is InvalidInput and nothing is written). The archive as a whole
// fails as RestoreArchive says; each article's own error is its entry.
Result<std::vector<Result<RestoreReport>>> RestoreInOnePass(const std::string& archive, const std::string& out_dir,
                                                            const RestoreOptions& options, bool package_allowed,
                                                            const Placement& placement);

Placement DirPlacement(const std::string& out_dir, const RestoreOptions& options, const std::string& archive);
Placement SitePlacement(const std::string& out_dir, const RestoreOptions& options, const std::string& archive);

}  // namespace rotproof
