#include "rotproof/restore.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "rotproof/archive_reader.h"
#include "rotproof/content_coding.h"
#include "rotproof/digest.h"
#include "rotproof/fs.h"
#include "rotproof/rewrite.h"
#include "rotproof/handles.h"
#include "rotproof/verify.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

// One path component made of safe characters, not hidden, not "." or "..".
bool IsSafeName(const std::string& name) {
  if (name.empty() || name[0] == '.' || name.size() > 255) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c >= 0x80;
  });
}

Status WriteFile(const fs::path& path, std::string_view bytes) {
  FilePtr f(std::fopen(path.c_str(), "wb"));
  if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size())
    return Status::IoError(path.string() + ": cannot write");
  return Status::Ok();
}

Result<RestoreReport> Materialize(const std::string& archive, const std::string& out_dir,
                                  const RestoreOptions& options) {
  VerifyOptions vopts;
  VerifyReport verdict = VerifyArchive(archive, vopts);
  if (verdict.unreadable) return Status::InvalidInput(verdict.findings.front().message);
  RestoreReport report;
  if (verdict.HasErrors()) {
    const Finding& first = *std::find_if(verdict.findings.begin(), verdict.findings.end(),
                                         [](const Finding& f) { return f.severity == Severity::kError; });
    if (!options.force)
      return Status::Corruption(archive + ": verification failed (" + first.code + " " + first.message +
                                "); nothing restored (--force restores what is intact)");
    for (const Finding& f : verdict.findings)
      if (f.severity == Severity::kError) report.skipped.push_back("verification: " + f.code + " " + f.message);
  }
  auto file = ReadArchiveFile(archive);
  if (!file.ok()) return file.status();
  if (!file->has_warc) return Status::Corruption(archive + ": no WARC");
  std::vector<ReadIssue> issues;
  std::vector<WarcRecordView> records = ReadWarcGz(file->warc, &issues);
  std::map<std::string, const WarcRecordView*> by_id;
  const WarcRecordView* manifest_rec = nullptr;
  for (const auto& r : records) {
    by_id[r.Field("WARC-Record-ID")] = &r;
    if (r.Field("WARC-Type") == "metadata" &&
        r.Field("WARC-Target-URI").rfind("urn:rotproof:manifest:", 0) == 0)
      manifest_rec = &r;
  }
  if (manifest_rec == nullptr) return Status::Corruption(archive + ": no manifest");
  nlohmann::json m = nlohmann::json::parse(manifest_rec->block, nullptr, false);
  const auto& article = m["article"];
  std::string slug = article.value("slug", "");
  std::string name = article["rewritten"].value("name", "");
  if (!IsSafeName(slug) || (name != "index.md" && name != "index.html"))
    return Status::Corruption(archive + ": unsafe article name '" + slug + "/" + name + "'");

  std::error_code ec;
  fs::create_directories(out_dir, ec);
  fs::path target = fs::path(out_dir) / slug;
  if (fs::exists(target, ec))
    return Status::InvalidInput(target.string() + ": already exists; restore refuses to overwrite");
  auto staging = TempDir::Create(out_dir);
  if (!staging.ok()) return staging.status();
  fs::path stage = fs::path(staging->path()) / slug;
  fs::create_directories(stage / "assets", ec);
  if (ec) return Status::IoError(stage.string() + ": " + ec.message());

  const WarcRecordView* rewritten = by_id[article["rewritten"].value("record_id", "")];
  if (rewritten == nullptr) return Status::Corruption(archive + ": rewritten article missing");
  ROTPROOF_RETURN_IF_ERROR(WriteFile(stage / name, RecordPayload(*rewritten)));
  // Stylesheets get their url(...) assets as sibling files in assets/.
  std::map<std::string, std::vector<Splice>> css_splices;
  for (const auto& asset : m.value("stylesheet_assets", nlohmann::json::array())) {
    if (asset.value("status", "") != "archived") continue;
    std::string local = asset.value("local_path", "");
    const auto& span = asset["span"];
    css_splices[asset.value("stylesheet", "")].push_back(
        {{span[0].get<size_t>(), span[1].get<size_t>()}, local.substr(local.rfind('/') + 1)});
  }
  std::map<std::string, std::string> written;  // lowercased name → name
  std::vector<nlohmann::json> entries(m["references"].begin(), m["references"].end());
  for (const auto& asset : m.value("stylesheet_assets", nlohmann::json::array())) entries.push_back(asset);
  for (const auto& ref : entries) {
    if (ref.value("status", "") != "archived") continue;
    std::string local = ref.value("local_path", "");
    std::string file = local.rfind("assets/", 0) == 0 ? local.substr(7) : "";
    std::string problem;
    std::string folded = file;
    std::transform(folded.begin(), folded.end(), folded.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!IsSafeName(file)) {
      problem = "unsafe asset path '" + local + "'";
    } else if (auto w = written.find(folded); w != written.end()) {
      if (w->second == file) continue;  // the same file, referenced again
      // Case-insensitive file systems would write one over the other.
      problem = "'" + file + "' collides with '" + w->second + "'";
    }
    const WarcRecordView* rec = by_id[ref.value("record_id", "")];
    if (problem.empty() && rec == nullptr) problem = "record for " + local + " is missing";
    std::string bytes;
    if (problem.empty()) {
      // The archive keeps the body as the server sent it; the file holds
      // what a browser would have shown.
      std::string_view head;
      std::string_view payload = RecordPayload(*rec, &head);
      if (Sha256Digest(payload) != ref.value("payload_digest", "")) problem = local + " does not match its digest";
      auto decoded = DecodeContent(payload, ContentEncodingOf(head));
      if (problem.empty() && !decoded.ok()) problem = local + ": " + decoded.status().message();
      if (problem.empty()) bytes = std::move(decoded).value();
    }
    if (auto css = css_splices.find(local); problem.empty() && css != css_splices.end()) {
      auto spliced = ApplySplices(bytes, css->second);
      if (spliced.ok()) bytes = std::move(spliced).value();
      else problem = local + ": " + spliced.status().message();
    }
    if (!problem.empty()) {
      if (!options.force) return Status::Corruption(archive + ": " + problem + "; nothing restored");
      report.skipped.push_back(problem);
      continue;
    }
    written.emplace(folded, file);
    ROTPROOF_RETURN_IF_ERROR(WriteFile(stage / "assets" / file, bytes));
    ++report.assets;
  }
  if (report.assets == 0) fs::remove(stage / "assets", ec);
  ROTPROOF_RETURN_IF_ERROR(RenameInto(stage.string(), target.string()));
  report.article_dir = target.string();
  report.article_path = (target / name).string();
  return report;
}

}  // namespace

Result<RestoreReport> RestoreArchive(const std::string& archive, const std::string& out_dir,
                                     const RestoreOptions& options) {
  try {
    return Materialize(archive, out_dir, options);
  } catch (const nlohmann::json::exception& e) {
    // Verified archives have the manifest's shape; this guards the rest.
    return Status::Corruption(archive + ": manifest has an unexpected shape: " + e.what());
  }
}

}  // namespace rotproof
