#pragma once
// Restore's stages that more than one way of restoring shares: the verdict,
// the payloads to write as an archive streams past, and their settling;
// restoring into a directory (restore_dir.cc), one article or a package's
// every article in one pass.

#include <filesystem>
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

// Restores into `out_dir` (the kDir layout) every article of `archive`, in
// one pass over it: an article archive's one, or, when `package_allowed`,
// each of a package's (else a package is InvalidInput, nothing written).
Result<std::vector<Result<RestoreReport>>> MaterializeInDir(const std::string& archive, const std::string& out_dir,
                                                            const RestoreOptions& options, bool package_allowed);

}  // namespace rotproof
