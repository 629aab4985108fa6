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

// Every file a plan writes from a record's payload, the original article's too.
std::vector<RestorePlan::File*> FilesOf(RestorePlan& plan) {
  std::vector<RestorePlan::File*> files = {&plan.original};
  for (RestorePlan::File& f : plan.files) files.push_back(&f);
  return files;
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

Placement PlacementFor(const std::string& archive, const std::string& out_dir, const RestoreOptions& options) {
  if (options.layout == RestoreLayout::kDir) return DirPlacement(out_dir, options, archive);
  return SitePlacement(out_dir, options, archive);
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

Result<std::vector<Result<RestoreReport>>> RestoreInOnePass(const std::string& archive, const std::string& out_dir,
                                                            const RestoreOptions& options, bool package_allowed,
                                                            const Placement& placement) {
  RestoreReport verdict;
  ROTPROOF_RETURN_IF_ERROR(CheckVerdict(archive, options, &verdict));
  std::map<std::string, std::string> stored_by_revisit;
  std::vector<ReadIssue> issues;
  auto manifests = ReadManifestBlocks(archive, &issues, [&](const WarcRecordView& r) {
    if (r.Field("WARC-Type") == "revisit") stored_by_revisit[r.Field("WARC-Record-ID")] = r.Field("WARC-Refers-To");
  });
  if (!manifests.ok()) return manifests.status();
  if (manifests->size() > 1 && !package_allowed)
    return Status::InvalidInput(archive + ": a package of " + std::to_string(manifests->size()) +
                                " articles (rotproof pack); this reads one article's archive, such as those it was "
                                "packed from");
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  auto staging = TempDir::Create(out_dir);
  if (!staging.ok()) return staging.status();
  std::vector<StagedArticle> articles(manifests->size());
  std::multimap<std::string, PayloadTarget*> wanted;
  for (size_t i = 0; i < articles.size(); ++i) {
    StagedArticle& a = articles[i];
    a.report = verdict;
    auto plan = PlanRestore((*manifests)[i]);
    if (!plan.ok()) {
      a.status = Status::Corruption(archive + ": " + plan.status().message());
      continue;
    }
    a.plan = std::move(plan).value();
    // In a package, a payload several articles share is stored once.
    for (RestorePlan::File* f : FilesOf(a.plan))
      if (auto stored = stored_by_revisit.find(f->record_id); stored != stored_by_revisit.end())
        f->record_id = stored->second;
    a.stage = fs::path(staging->path()) / a.plan.slug;
    if (fs::exists(a.stage, ec)) {
      a.status = Status::Corruption(archive + ": holds two articles named " + a.plan.slug);
      continue;
    }
    placement.stage(a, &wanted);
  }
  PayloadWriter writer(std::move(wanted), DecodeLimits{});
  ROTPROOF_RETURN_IF_ERROR(StreamWarcRecords(archive, &writer, &issues));
  std::vector<Result<RestoreReport>> reports;
  for (StagedArticle& a : articles) reports.push_back(a.status.ok() ? placement.place(a) : a.status);
  return reports;
}

Result<std::vector<Result<RestoreReport>>> RestoreArticles(const std::string& archive, const std::string& out_dir,
                                                           const RestoreOptions& options) {
  try {
    return RestoreInOnePass(archive, out_dir, options, !options.in_place, PlacementFor(archive, out_dir, options));
  } catch (const std::bad_alloc&) {
    // Unwinding removed the staging directory.
    return Status::IoError(archive + ": out of memory restoring it; nothing restored");
  }
}

Result<RestoreReport> RestoreArchive(const std::string& archive, const std::string& out_dir,
                                     const RestoreOptions& options) {
  try {
    auto reports = RestoreInOnePass(archive, out_dir, options, false, PlacementFor(archive, out_dir, options));
    if (!reports.ok()) return reports.status();
    return std::move(reports->front());
  } catch (const std::bad_alloc&) {
    return Status::IoError(archive + ": out of memory restoring it; nothing restored");
  }
}

Result<std::vector<CapturedArticle>> ExtractOriginals(const std::string& archive, const std::string& dir) {
  RestoreReport ignored;
  ROTPROOF_RETURN_IF_ERROR(CheckVerdict(archive, RestoreOptions{}, &ignored));
  std::vector<ReadIssue> issues;
  auto blocks = ReadManifestBlocks(archive, &issues);
  if (!blocks.ok()) return blocks.status();
  const bool package = blocks->size() > 1;
  std::vector<CapturedArticle> captured;
  std::vector<PayloadTarget> targets;
  targets.reserve(blocks->size());  // `wanted` points into it
  std::multimap<std::string, PayloadTarget*> wanted;
  std::set<std::string> slugs;
  for (const std::string& block : *blocks) {
    auto manifest = ParseManifest(block);
    if (!manifest.ok()) return Status::Corruption(archive + ": " + manifest.status().message());
    const std::string& slug = manifest->slug;
    if (!IsSafeFileName(slug) || !slugs.insert(FileNameKey(slug)).second)
      return Status::Corruption(archive + ": unsafe or repeated article name '" + slug + "'");
    std::string name = fs::path(manifest->source_name).filename().string();
    if (IsLiveUrl(manifest->source_name) || !IsSafeFileName(name))
      name = slug + (manifest->rewritten_name == "index.md" ? ".md" : ".html");
    fs::path file = package ? fs::path(dir) / slug / name : fs::path(dir) / name;  // Hugo's bundles are all index.md
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    targets.push_back({"the original article", file, manifest->original_digest, {}, ""});
    wanted.emplace(manifest->original_record_id, &targets.back());
    captured.push_back({file.string(), manifest->source_name, slug});
  }
  PayloadWriter writer(std::move(wanted), DecodeLimits{});
  ROTPROOF_RETURN_IF_ERROR(StreamWarcRecords(archive, &writer, &issues));
  std::error_code ec;
  for (const PayloadTarget& t : targets)
    if (!t.problem.empty() || !fs::exists(t.file, ec))
      return Status::Corruption(archive + ": " + (t.problem.empty() ? "no original article" : t.problem));
  return captured;
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
