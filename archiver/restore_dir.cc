#include <filesystem>
#include <map>

#include "restore_stages.h"
#include "rotproof/archive_file.h"
#include "rotproof/article.h"
#include "rotproof/fs.h"
#include "rotproof/manifest.h"
#include "rotproof/offline_page.h"
#include "rotproof/render.h"
#include "rotproof/warc_reader.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

// One article of a restore into a directory: staged under `stage`, then
// moved to `target` whole.
struct DirArticle {
  Status status;  // why it is not restored, once known
  RestorePlan plan;
  RestorePlan::File article;
  fs::path target, stage;
  std::vector<PayloadTarget> targets;
  RestoreReport report;
};

// Readies `a` to be staged: its plan from `manifest`, the record of a file
// that is a revisit (a package stores a shared payload once) replaced by
// the record it refers to.
void PrepareDirArticle(const std::string& archive, const std::string& manifest,
                       const std::map<std::string, std::string>& stored_by_revisit, const std::string& out_dir,
                       const fs::path& staging, DirArticle* a, std::multimap<std::string, PayloadTarget*>* wanted) {
  auto plan = PlanRestore(manifest);
  if (!plan.ok()) {
    a->status = Status::Corruption(archive + ": " + plan.status().message());
    return;
  }
  a->plan = std::move(plan).value();
  for (RestorePlan::File& f : a->plan.files)
    if (auto stored = stored_by_revisit.find(f.record_id); stored != stored_by_revisit.end())
      f.record_id = stored->second;
  std::error_code ec;
  a->target = fs::path(out_dir) / a->plan.slug;
  a->stage = staging / a->plan.slug;
  if (fs::exists(a->target, ec) || fs::exists(a->stage, ec)) {
    a->status = Status::InvalidInput(a->target.string() + ": already exists; restore refuses to overwrite");
    return;
  }
  a->article = a->plan.files.front();
  if (a->article.path == kReaderPage) a->article.path = kHtmlArticle;
  auto targets = TargetsFor(a->article, {a->plan.files.begin() + 1, a->plan.files.end()}, a->stage / a->article.path,
                            a->stage / "assets", wanted);
  if (!targets.ok()) a->status = targets.status();
  if (targets.ok()) a->targets = std::move(targets).value();
}

// Once the archive has streamed past: the reader page, and the article
// moved into place.
Result<RestoreReport> FinishDirArticle(const std::string& archive, DirArticle& a, const RestoreOptions& options) {
  ROTPROOF_RETURN_IF_ERROR(a.status);
  RestoreReport& report = a.report;
  ROTPROOF_RETURN_IF_ERROR(SettleTargets(archive, a.targets, options, &report));
  std::error_code ec;
  if (report.assets == 0) fs::remove(a.stage / "assets", ec);
  auto bytes = ReadWholeFile((a.stage / a.article.path).string());
  if (!bytes.ok()) return bytes.status();
  report.facts = a.plan.facts;
  report.facts.date = ArticleDate(a.article.path, *bytes, a.plan.date);
  auto parsed = ParseArticle(a.article.path, *bytes);
  if (!parsed.ok()) return Status::Corruption(archive + ": " + parsed.status().message());
  std::string page = MakeReaderPage(RenderArticleHtml(*parsed, {}, a.plan.header_image), report.facts);
  ROTPROOF_RETURN_IF_ERROR(WriteFileAtomic((a.stage / kReaderPage).string(), page));
  ROTPROOF_RETURN_IF_ERROR(RenameInto(a.stage.string(), a.target.string()));
  report.article_dir = a.target.string();
  report.article_path = (a.target / a.article.path).string();
  report.reader_page = (a.target / kReaderPage).string();
  return report;
}

}  // namespace

Result<std::vector<Result<RestoreReport>>> MaterializeInDir(const std::string& archive, const std::string& out_dir,
                                                            const RestoreOptions& options, bool package_allowed) {
  RestoreReport verdict;
  ROTPROOF_RETURN_IF_ERROR(CheckVerdict(archive, options, &verdict));
  std::map<std::string, std::string> stored_by_revisit;
  std::vector<ReadIssue> issues;
  auto manifests = ReadManifestBlocks(archive, &issues, [&](const WarcRecordView& r) {
    if (r.Field("WARC-Type") == "revisit") stored_by_revisit[r.Field("WARC-Record-ID")] = r.Field("WARC-Refers-To");
  });
  if (!manifests.ok()) return manifests.status();
  if (manifests->size() > 1 && !package_allowed) return PackageRefused(archive, manifests->size());
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  auto staging = TempDir::Create(out_dir);
  if (!staging.ok()) return staging.status();
  std::vector<DirArticle> articles(manifests->size());
  std::multimap<std::string, PayloadTarget*> wanted;
  for (size_t i = 0; i < articles.size(); ++i) {
    articles[i].report = verdict;
    PrepareDirArticle(archive, (*manifests)[i], stored_by_revisit, out_dir, staging->path(), &articles[i], &wanted);
  }
  PayloadWriter writer(std::move(wanted), DecodeLimits{});
  ROTPROOF_RETURN_IF_ERROR(StreamWarcRecords(archive, &writer, &issues));
  std::vector<Result<RestoreReport>> reports;
  for (DirArticle& a : articles) reports.push_back(FinishDirArticle(archive, a, options));
  return reports;
}

}  // namespace rotproof
