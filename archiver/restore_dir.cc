// Restoring into a directory: OUT/<slug>/index.md (article.html for an HTML
// article), its assets under OUT/<slug>/assets/, and the reader page.

#include <filesystem>

#include "restore_stages.h"
#include "rotproof/article.h"
#include "rotproof/fs.h"
#include "rotproof/offline_page.h"
#include "rotproof/render.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

// The rewritten article's file, out of the way of the reader page.
RestorePlan::File ArticleFile(const RestorePlan& plan) {
  RestorePlan::File article = plan.files.front();
  if (article.path == kReaderPage) article.path = kHtmlArticle;
  return article;
}

}  // namespace

Placement DirPlacement(const std::string& out_dir, const RestoreOptions& options, const std::string& archive) {
  auto stage = [out_dir](StagedArticle& a, std::multimap<std::string, PayloadTarget*>* wanted) {
    fs::path target = fs::path(out_dir) / a.plan.slug;
    std::error_code ec;
    if (fs::exists(target, ec)) {
      a.status = Status::InvalidInput(target.string() + ": already exists; restore refuses to overwrite");
      return;
    }
    RestorePlan::File article = ArticleFile(a.plan);
    auto targets = TargetsFor(article, {a.plan.files.begin() + 1, a.plan.files.end()}, a.stage / article.path,
                              a.stage / "assets", wanted);
    if (!targets.ok()) a.status = targets.status();
    if (targets.ok()) a.targets = std::move(targets).value();
  };
  auto place = [out_dir, options, archive](StagedArticle& a) -> Result<RestoreReport> {
    RestoreReport& report = a.report;
    ROTPROOF_RETURN_IF_ERROR(SettleTargets(archive, a.targets, options, &report));
    std::error_code ec;
    if (report.assets == 0) fs::remove(a.stage / "assets", ec);
    const std::string article = ArticleFile(a.plan).path;
    auto bytes = ReadWholeFile((a.stage / article).string());
    if (!bytes.ok()) return bytes.status();
    report.facts = a.plan.facts;
    report.facts.date = ArticleDate(article, *bytes, a.plan.date);
    auto parsed = ParseArticle(article, *bytes);
    if (!parsed.ok()) return Status::Corruption(archive + ": " + parsed.status().message());
    std::string page = MakeReaderPage(RenderArticleHtml(*parsed, {}, a.plan.header_image), report.facts);
    ROTPROOF_RETURN_IF_ERROR(WriteFileAtomic((a.stage / kReaderPage).string(), page));
    fs::path target = fs::path(out_dir) / a.plan.slug;
    ROTPROOF_RETURN_IF_ERROR(RenameInto(a.stage.string(), target.string()));
    report.article_dir = target.string();
    report.article_path = (target / article).string();
    report.reader_page = (target / kReaderPage).string();
    return report;
  };
  return {stage, place};
}

}  // namespace rotproof
