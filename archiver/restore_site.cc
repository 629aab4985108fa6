// Restoring into a blog's source tree (--layout hexo|hugo|jekyll, and
// localize in place): the article written afresh from the original with the
// layout's references, only the reference spans changed, placed with its
// assets where the engine expects them (PathsFor).

#include <filesystem>
#include <set>

#include "restore_stages.h"
#include "rotproof/fs.h"
#include "rotproof/rewrite.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

bool SameBytes(const fs::path& a, const fs::path& b) {
  auto x = ReadWholeFile(a.string()), y = ReadWholeFile(b.string());
  return x.ok() && y.ok() && *x == *y;
}

// Moves `from` to `to` unless `to` exists: an asset with the same bytes is
// left as it is, anything else is refused.
Status PlaceFile(const fs::path& from, const fs::path& to, bool is_asset) {
  std::error_code ec;
  if (fs::exists(to, ec)) {
    if (is_asset && SameBytes(from, to)) return Status::Ok();
    return Status::InvalidInput(to.string() + ": already exists; restore refuses to overwrite");
  }
  fs::create_directories(to.parent_path(), ec);
  return RenameInto(from.string(), to.string());
}

// Restore writes a post where none is; localize replaces one that still
// holds exactly the archived original.
Status CheckArticlePlace(const fs::path& post, const std::string& original, bool in_place) {
  std::error_code ec;
  if (!in_place) {
    if (fs::exists(post, ec))
      return Status::InvalidInput(post.string() + ": already exists; restore refuses to overwrite");
    return Status::Ok();
  }
  auto current = ReadWholeFile(post.string());
  if (!current.ok()) return current.status();
  if (*current != original)
    return Status::InvalidInput(post.string() + ": changed since it was archived; left as it is");
  return Status::Ok();
}

// The staged article rewritten with the layout's references and placed
// with its assets in the tree at `out_dir`.
Result<RestoreReport> PlaceInSite(const std::string& archive, const std::string& out_dir, const RestoreOptions& options,
                                  StagedArticle& a) {
  RestoreReport& report = a.report;
  ROTPROOF_RETURN_IF_ERROR(SettleTargets(archive, a.targets, options, &report));
  std::set<std::string> restored;
  for (auto it = a.targets.begin() + 1; it != a.targets.end(); ++it)
    if (it->problem.empty()) restored.insert(it->file.filename().string());

  const fs::path& stage = a.stage;
  const std::string& name = a.plan.files.front().path;
  auto original = ReadWholeFile((stage / "original").string());
  if (!original.ok()) return original.status();
  std::string extension = name.substr(name.rfind('.'));
  report.facts = a.plan.facts;
  report.facts.date = ArticleDate(name, *original, a.plan.date);
  LayoutPaths paths =
      options.in_place ? *options.in_place : PathsFor(options.layout, a.plan.slug, report.facts.date, extension);
  std::vector<Splice> splices;
  for (const RestorePlan::Reference& r : a.plan.splices) {
    if (r.asset.empty())
      splices.push_back({r.span, r.text});
    else if (restored.count(r.asset))  // a skipped asset keeps its URL
      splices.push_back({r.span, paths.prefix + r.asset});
  }
  auto article = ApplySplices(*original, splices);
  if (!article.ok()) return Status::Corruption(archive + ": " + article.status().message());
  fs::path root = out_dir;
  ROTPROOF_RETURN_IF_ERROR(CheckArticlePlace(root / paths.article, *original, options.in_place.has_value()));
  std::error_code ec;
  for (const std::string& asset : restored) {
    fs::path to = root / paths.assets_dir / asset;
    if (fs::exists(to, ec) && !SameBytes(stage / "assets" / asset, to))
      return Status::InvalidInput(to.string() + ": already exists with other bytes; restore refuses to overwrite");
  }
  report.article_dir = (root / paths.assets_dir).string();
  report.article_path = (root / paths.article).string();
  if (options.in_place) {
    report.undo = InverseSplices(*original, std::move(splices));
    report.rewritten = *article;
    if (options.dry_run) return report;
  }
  for (const std::string& asset : restored) {
    fs::path to = root / paths.assets_dir / asset;
    if (!fs::exists(to, ec)) report.created.push_back((fs::path(paths.assets_dir) / asset).generic_string());
    ROTPROOF_RETURN_IF_ERROR(PlaceFile(stage / "assets" / asset, to, true));
  }
  if (options.in_place) {
    ROTPROOF_RETURN_IF_ERROR(WriteFileAtomic((root / paths.article).string(), *article));
  } else {
    ROTPROOF_RETURN_IF_ERROR(WriteFileAtomic((stage / "article").string(), *article));
    ROTPROOF_RETURN_IF_ERROR(PlaceFile(stage / "article", root / paths.article, false));
  }
  return report;
}

}  // namespace

Placement SitePlacement(const std::string& out_dir, const RestoreOptions& options, const std::string& archive) {
  auto stage = [](StagedArticle& a, std::multimap<std::string, PayloadTarget*>* wanted) {
    auto targets = TargetsFor(a.plan.original, {a.plan.files.begin() + 1, a.plan.files.end()}, a.stage / "original",
                              a.stage / "assets", wanted);
    if (!targets.ok()) a.status = targets.status();
    if (targets.ok()) a.targets = std::move(targets).value();
  };
  auto place = [out_dir, options, archive](StagedArticle& a) { return PlaceInSite(archive, out_dir, options, a); };
  return {stage, place};
}

}  // namespace rotproof
