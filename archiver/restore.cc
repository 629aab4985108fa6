#include "rotproof/restore.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "payload_writer.h"
#include "restore_stages.h"
#include "rotproof/archive_file.h"
#include "rotproof/article.h"
#include "rotproof/content_coding.h"
#include "rotproof/digest.h"
#include "rotproof/file_handle.h"
#include "rotproof/fs.h"
#include "rotproof/manifest.h"
#include "rotproof/names.h"
#include "rotproof/offline_page.h"
#include "rotproof/render.h"
#include "rotproof/rewrite.h"
#include "rotproof/text.h"
#include "rotproof/url.h"
#include "rotproof/verify.h"
#include "rotproof/warc_format.h"
#include "rotproof/warc_reader.h"

namespace rotproof {

namespace fs = std::filesystem;

Status CheckVerdict(const std::string& archive, const RestoreOptions& options, RestoreReport* report) {
  VerifyReport verdict = VerifyArchive(archive, VerifyOptions{});
  if (verdict.unreadable) return Status::InvalidInput(verdict.findings.front().message);
  if (!verdict.HasErrors()) return Status::Ok();
  const Finding& first = *std::find_if(verdict.findings.begin(), verdict.findings.end(),
                                       [](const Finding& f) { return f.severity == Severity::kError; });
  if (!options.force)
    return Status::Corruption(archive + ": verification failed (" + first.code + " " + first.message +
                              "); nothing restored (--force restores what is intact)");
  for (const Finding& f : verdict.findings)
    if (f.severity == Severity::kError) report->skipped.push_back("verification: " + f.code + " " + f.message);
  return Status::Ok();
}

// The verified archive's restore plan. Errors: as RestoreArchive.
Result<RestorePlan> VerifiedPlan(const std::string& archive, const RestoreOptions& options, RestoreReport* report) {
  ROTPROOF_RETURN_IF_ERROR(CheckVerdict(archive, options, report));
  std::vector<ReadIssue> issues;
  auto block = ReadManifestBlock(archive, &issues);
  if (!block.ok()) return block.status();
  auto plan = PlanRestore(*block);
  if (!plan.ok()) return Status::Corruption(archive + ": " + plan.status().message());
  return plan;
}

Result<std::vector<PayloadTarget>> TargetsFor(RestorePlan::File article, std::vector<RestorePlan::File> assets,
                                              const fs::path& article_file, const fs::path& assets_dir,
                                              std::multimap<std::string, PayloadTarget*>* wanted) {
  std::error_code ec;
  fs::create_directories(assets_dir, ec);
  if (ec) return Status::IoError(assets_dir.string() + ": " + ec.message());
  std::vector<PayloadTarget> targets;
  targets.reserve(assets.size() + 1);
  targets.push_back({article.label, article_file, article.digest, {}, ""});
  wanted->emplace(article.record_id, &targets.back());
  for (RestorePlan::File& f : assets) {
    std::string_view name = std::string_view(f.path).substr(std::string_view(warc_format::kAssetsDir).size());
    targets.push_back({f.label, assets_dir / name, f.digest, std::move(f.css), f.problem});
    if (f.problem.empty()) wanted->emplace(f.record_id, &targets.back());
  }
  return targets;
}

Status SettleTargets(const std::string& archive, std::vector<PayloadTarget>& targets, const RestoreOptions& options,
                     RestoreReport* report) {
  std::error_code ec;
  for (PayloadTarget& t : targets)
    if (t.problem.empty() && !fs::exists(t.file, ec)) t.problem = "record for " + t.label + " is missing";
  if (!targets.front().problem.empty()) return Status::Corruption(archive + ": " + targets.front().problem);
  for (auto it = targets.begin() + 1; it != targets.end(); ++it) {
    if (it->problem.empty()) {
      ++report->assets;
    } else if (!options.force) {
      return Status::Corruption(archive + ": " + it->problem + "; nothing restored");
    } else {
      report->skipped.push_back(it->problem);
    }
  }
  return Status::Ok();
}

namespace {

// Writes each file of a plan from its record's payload as the archive
// streams past, then settles them. Returns the targets, article first.
Result<std::vector<PayloadTarget>> StagePayloads(const std::string& archive, RestorePlan::File article,
                                                 std::vector<RestorePlan::File> assets, const fs::path& article_file,
                                                 const fs::path& assets_dir, const RestoreOptions& options,
                                                 RestoreReport* report) {
  std::multimap<std::string, PayloadTarget*> wanted;
  auto targets = TargetsFor(std::move(article), std::move(assets), article_file, assets_dir, &wanted);
  if (!targets.ok()) return targets.status();
  PayloadWriter writer(std::move(wanted), DecodeLimits{});
  std::vector<ReadIssue> issues;
  ROTPROOF_RETURN_IF_ERROR(StreamWarcRecords(archive, &writer, &issues));
  ROTPROOF_RETURN_IF_ERROR(SettleTargets(archive, *targets, options, report));
  return targets;
}

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

// Another layout: the article rewritten from the original with the
// layout's references, placed with its assets in the site tree at `out_dir`.
Result<RestoreReport> MaterializeInSite(const std::string& archive, const std::string& out_dir,
                                        const RestoreOptions& options) {
  RestoreReport report;
  auto plan = VerifiedPlan(archive, options, &report);
  if (!plan.ok()) return plan.status();
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  auto staging = TempDir::Create(out_dir);
  if (!staging.ok()) return staging.status();
  fs::path stage = staging->path();
  auto staged = StagePayloads(archive, plan->original, {plan->files.begin() + 1, plan->files.end()}, stage / "original",
                              stage / "assets", options, &report);
  if (!staged.ok()) return staged.status();
  std::set<std::string> restored;
  for (auto it = staged->begin() + 1; it != staged->end(); ++it)
    if (it->problem.empty()) restored.insert(it->file.filename().string());

  const std::string& name = plan->files.front().path;
  auto original = ReadWholeFile((stage / "original").string());
  if (!original.ok()) return original.status();
  std::string extension = name.substr(name.rfind('.'));
  report.facts = plan->facts;
  report.facts.date = ArticleDate(name, *original, plan->date);
  LayoutPaths paths =
      options.in_place ? *options.in_place : PathsFor(options.layout, plan->slug, report.facts.date, extension);
  std::vector<Splice> splices;
  for (const RestorePlan::Reference& r : plan->splices) {
    if (r.asset.empty())
      splices.push_back({r.span, r.text});
    else if (restored.count(r.asset))  // a skipped asset keeps its URL
      splices.push_back({r.span, paths.prefix + r.asset});
  }
  auto article = ApplySplices(*original, splices);
  if (!article.ok()) return Status::Corruption(archive + ": " + article.status().message());
  fs::path root = out_dir;
  ROTPROOF_RETURN_IF_ERROR(CheckArticlePlace(root / paths.article, *original, options.in_place.has_value()));
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

// The rewritten article's splices of a stylesheet's assets, by the
// stylesheet's local path.
std::map<std::string, std::vector<Splice>> StylesheetSplices(const Manifest& m) {
  std::map<std::string, std::vector<Splice>> splices;
  for (const ManifestEntry& asset : m.stylesheet_assets)
    if (asset.archived)
      splices[asset.stylesheet].push_back({asset.span, asset.local_path.substr(asset.local_path.rfind('/') + 1)});
  return splices;
}

}  // namespace

Result<RestorePlan> PlanRestore(std::string_view manifest_json) {
  auto parsed = ParseManifest(manifest_json);
  if (!parsed.ok()) return parsed.status();
  const Manifest& m = *parsed;
  RestorePlan plan;
  plan.slug = m.slug;
  const std::string& name = m.rewritten_name;
  if (!IsSafeFileName(plan.slug) || (name != "index.md" && name != "index.html"))
    return Status::Corruption("unsafe article name '" + plan.slug + "/" + name + "'");
  plan.files.push_back({name, name, m.rewritten_record_id, m.rewritten_digest, {}, ""});
  plan.original = {"the original article", "", m.original_record_id, m.original_digest, {}, ""};
  plan.date = m.captured_at.substr(0, 10);
  plan.facts = {m.title.empty() ? m.slug : m.title, "", m.source_name, m.captured_at, CountSources(m)};
  for (const ManifestEntry& ref : m.references)
    if (ref.archived && ref.where.rfind("fm:", 0) == 0 && plan.header_image.empty()) plan.header_image = ref.local_path;
  for (const ManifestEntry& ref : m.references)
    if (ref.archived)
      plan.splices.push_back(
          {ref.span,
           ref.local_path.substr(std::min(ref.local_path.size(), std::string_view(warc_format::kAssetsDir).size())),
           ""});
  for (const Manifest::OtherRewrite& other : m.other_rewrites) plan.splices.push_back({other.span, "", other.text});
  std::map<std::string, std::vector<Splice>> css_splices = StylesheetSplices(m);
  std::map<std::string, std::string> written;  // FileNameKey → name
  std::vector<const ManifestEntry*> entries;
  for (const ManifestEntry& ref : m.references) entries.push_back(&ref);
  for (const ManifestEntry& asset : m.stylesheet_assets) entries.push_back(&asset);
  for (const ManifestEntry* ref : entries) {
    if (!ref->archived) continue;
    const std::string& local = ref->local_path;
    std::string file = local.rfind(warc_format::kAssetsDir, 0) == 0
                           ? local.substr(std::string_view(warc_format::kAssetsDir).size())
                           : "";
    RestorePlan::File f{local, warc_format::kAssetsDir + file, ref->record_id, ref->payload_digest, {}, ""};
    if (!IsSafeFileName(file)) {
      f.problem = "unsafe asset path '" + local + "'";
    } else if (auto [w, fresh] = written.emplace(FileNameKey(file), file); !fresh) {
      if (w->second == file) continue;  // the same file, referenced again
      f.problem = "'" + file + "' collides with '" + w->second + "' where case or Unicode normalization is ignored";
    }
    if (auto css = css_splices.find(local); css != css_splices.end()) f.css = css->second;
    plan.files.push_back(std::move(f));
  }
  return plan;
}

Result<std::vector<Result<RestoreReport>>> RestoreArticles(const std::string& archive, const std::string& out_dir,
                                                           const RestoreOptions& options) {
  try {
    if (options.layout == RestoreLayout::kDir) return MaterializeInDir(archive, out_dir, options, true);
    return std::vector<Result<RestoreReport>>{MaterializeInSite(archive, out_dir, options)};
  } catch (const std::bad_alloc&) {
    // Unwinding removed the staging directory.
    return Status::IoError(archive + ": out of memory restoring it; nothing restored");
  }
}

Result<RestoreReport> RestoreArchive(const std::string& archive, const std::string& out_dir,
                                     const RestoreOptions& options) {
  try {
    if (options.layout != RestoreLayout::kDir) return MaterializeInSite(archive, out_dir, options);
    auto reports = MaterializeInDir(archive, out_dir, options, false);
    if (!reports.ok()) return reports.status();
    return std::move(reports->front());
  } catch (const std::bad_alloc&) {
    return Status::IoError(archive + ": out of memory restoring it; nothing restored");
  }
}

Result<CapturedArticle> ExtractOriginal(const std::string& archive, const std::string& dir) {
  RestoreReport ignored;
  auto plan = VerifiedPlan(archive, RestoreOptions{}, &ignored);
  if (!plan.ok()) return plan.status();
  std::vector<ReadIssue> issues;
  auto block = ReadManifestBlock(archive, &issues);
  if (!block.ok()) return block.status();
  auto manifest = ParseManifest(*block);
  if (!manifest.ok()) return Status::Corruption(archive + ": " + manifest.status().message());
  std::string name = fs::path(manifest->source_name).filename().string();
  if (IsLiveUrl(manifest->source_name) || !IsSafeFileName(name))
    name = plan->slug + (manifest->rewritten_name == "index.md" ? ".md" : ".html");
  fs::path file = fs::path(dir) / name;
  PayloadTarget target{"the original article", file, plan->original.digest, {}, ""};
  PayloadWriter writer({{plan->original.record_id, &target}}, DecodeLimits{});
  ROTPROOF_RETURN_IF_ERROR(StreamWarcRecords(archive, &writer, &issues));
  std::error_code ec;
  if (!target.problem.empty() || !fs::exists(file, ec))
    return Status::Corruption(archive + ": " + (target.problem.empty() ? "no original article" : target.problem));
  return CapturedArticle{file.string(), manifest->source_name};
}

Result<std::vector<std::string>> ExpandArchives(const std::vector<std::string>& args) {
  std::vector<std::string> archives;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (!fs::exists(arg, ec)) return Status::NotFound(arg + ": no such file or directory");
    if (!fs::is_directory(arg, ec)) {
      archives.push_back(arg);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(arg, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec) && it->path().extension() == ".wacz") found.push_back(it->path().string());
    if (found.empty()) return Status::InvalidInput(arg + ": no .wacz archive in this directory");
    std::sort(found.begin(), found.end());
    archives.insert(archives.end(), found.begin(), found.end());
  }
  return archives;
}

}  // namespace rotproof
