#include "rotproof/localize.h"

#include <algorithm>
#include <dtl/dtl.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rotproof/article.h"
#include "rotproof/digest.h"
#include "rotproof/fs.h"
#include "rotproof/inputs.h"
#include "rotproof/json_number.h"
#include "rotproof/sqlite.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

constexpr char kLedgerDir[] = ".rotproof";
constexpr char kLedgerName[] = "localize.sqlite";

// What localize did to one post, enough to take it back.
struct LedgerEntry {
  std::string post;    // relative to the site's root
  std::string digest;  // of the post as localize left it
  std::vector<Splice> undo;
  std::vector<std::string> created_files, created_dirs;  // relative to the root; dirs deepest first
  bool damaged = false;  // its record is unreadable (hand-edited, another version's): never undone from guesses
};

// SITE/.rotproof/localize.sqlite: one row per localized post.
class Ledger {
 public:
  static Result<Ledger> Open(const fs::path& root, bool create) {
    fs::path dir = root / kLedgerDir;
    std::error_code ec;
    if (!create && !fs::exists(dir / kLedgerName, ec))
      return Status::NotFound(root.string() + ": nothing localized here (no " + kLedgerDir + "/" + kLedgerName + ")");
    fs::create_directories(dir, ec);
    auto db = SqliteDb::Open((dir / kLedgerName).string());
    if (!db.ok()) return db.status();
    ROTPROOF_RETURN_IF_ERROR(
        db->Exec("PRAGMA busy_timeout=10000; CREATE TABLE IF NOT EXISTS posts(post TEXT PRIMARY KEY, digest TEXT NOT "
                 "NULL, record TEXT NOT NULL)"));
    return Ledger(std::move(db).value());
  }

  std::map<std::string, LedgerEntry> All() {
    std::map<std::string, LedgerEntry> all;
    SqliteStatement rows = db_.Prepare("SELECT post, digest, record FROM posts");
    while (rows.Step()) {
      LedgerEntry e{rows.Text(0), rows.Text(1), {}, {}, {}};
      e.damaged = !ReadRecord(rows.Text(2), e);
      all.emplace(e.post, std::move(e));
    }
    return all;
  }

  Status Put(const LedgerEntry& e) {
    nlohmann::json undo = nlohmann::json::array();
    for (const Splice& s : e.undo) undo.push_back({s.span.begin, s.span.end, s.text});
    std::string record = nlohmann::json{{"undo", undo}, {"files", e.created_files}, {"dirs", e.created_dirs}}.dump();
    db_.Prepare("INSERT OR REPLACE INTO posts(post, digest, record) VALUES (?, ?, ?)")
        .Bind(1, e.post)
        .Bind(2, e.digest)
        .Bind(3, record)
        .Step();
    return db_.status();
  }

  Status Remove(const std::string& post) {
    db_.Prepare("DELETE FROM posts WHERE post = ?").Bind(1, post).Step();
    return db_.status();
  }

 private:
  static bool ReadRecord(const std::string& text, LedgerEntry& e) {
    nlohmann::json record = nlohmann::json::parse(text, nullptr, false);
    if (!record.is_object()) return false;
    try {
      for (const auto& u : record.value("undo", nlohmann::json::array())) {
        std::optional<uint64_t> begin = UnsignedOf(u.at(0)), end = UnsignedOf(u.at(1));
        if (!begin || !end) return false;
        e.undo.push_back({{*begin, *end}, u.at(2).get<std::string>()});
      }
      e.created_files = record.value("files", std::vector<std::string>{});
      e.created_dirs = record.value("dirs", std::vector<std::string>{});
      return true;
    } catch (const nlohmann::json::exception&) {
      return false;
    }
  }

  explicit Ledger(SqliteDb db) : db_(std::move(db)) {}
  SqliteDb db_;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// `before` → `after` as `diff -u` prints it, by dtl's Myers diff.
std::string UnifiedDiff(const std::string& path, const std::string& before, const std::string& after) {
  dtl::Diff<std::string> diff(Lines(before), Lines(after));
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream out;
  out << "--- a/" << path << "\n+++ b/" << path << "\n";
  diff.printUnifiedFormat(out);
  return out.str();
}

// The directories from `dir` up to `root` (exclusive) that do not exist yet, deepest first.
std::vector<std::string> MissingDirs(const fs::path& root, const fs::path& dir) {
  std::vector<std::string> missing;
  std::error_code ec;
  for (fs::path d = dir; d != root && d.has_relative_path() && !fs::exists(root / d, ec); d = d.parent_path())
    missing.push_back(d.generic_string());
  return missing;
}

std::string PathPrefix(const Site& site) {
  auto parts = SplitUrl(site.base_url);
  std::string path = parts && !parts->path.empty() ? parts->path : "/";
  return path.back() == '/' ? path : path + "/";
}

// Localizes one archived post: restores its assets where the site serves
// them and rewrites it in place (or, in a dry run, only says how).
Result<LocalizedPost> LocalizeOne(const Site& site, const std::string& input, const ArticleReport& archived,
                                  const LocalizeOptions& options, Ledger* ledger) {
  fs::path root = site.root;
  std::string post = fs::path(input).lexically_relative(root).generic_string();
  LocalizedPost done{post, archived.references, archived.archived, "", ""};
  if (archived.archived == 0) {
    done.left_because = "no reference could be archived";
    return done;
  }
  auto paths = InPlacePaths(site, post, fs::path(archived.archive_path).stem().string());
  if (!paths.ok()) return paths.status();
  RestoreOptions restore;
  restore.layout = RestoreLayout::kHexo;  // any site layout: in_place gives the paths
  restore.in_place = *paths;
  restore.dry_run = options.dry_run;
  std::vector<std::string> dirs = MissingDirs(root, paths->assets_dir);
  auto r = RestoreArchive(archived.archive_path, root.string(), restore);
  if (!r.ok()) {
    done.left_because = r.status().message();
    return done;
  }
  if (options.dry_run) {
    auto before = ReadWholeFile(input);
    if (!before.ok()) return before.status();
    done.diff = UnifiedDiff(post, *before, r->rewritten);
    return done;
  }
  ROTPROOF_RETURN_IF_ERROR(ledger->Put({post, Sha256Digest(r->rewritten), r->undo, r->created, dirs}));
  return done;
}

}  // namespace

Result<LayoutPaths> InPlacePaths(const Site& site, const std::string& post, const std::string& slug) {
  fs::path file = post;
  std::string dir = file.parent_path().generic_string();
  std::string beside = dir.empty() ? "" : dir + "/";
  switch (site.engine) {
    case Site::Engine::kHexo:
      if (site.post_asset_folder) return LayoutPaths{post, beside + file.stem().string(), ""};
      return LayoutPaths{post, "source/images/" + slug, PathPrefix(site) + "images/" + slug + "/"};
    case Site::Engine::kHugo:
      if (file.stem() == "index") return LayoutPaths{post, dir, ""};  // a page bundle
      return LayoutPaths{post, "static/images/" + slug, PathPrefix(site) + "images/" + slug + "/"};
    case Site::Engine::kJekyll:
      return LayoutPaths{post, "assets/images/" + slug, PathPrefix(site) + "assets/images/" + slug + "/"};
    case Site::Engine::kObsidian:
      break;
  }
  return Status::InvalidInput(site.root + ": localize does not handle Obsidian vaults yet");
}

Result<LocalizeReport> Localize(const std::string& site_dir, const LocalizeOptions& options) {
  std::optional<Site> site = SiteRootedAt(site_dir, options.batch.archive.resolve.base_url);
  if (!site) return Status::InvalidInput(site_dir + ": not a Hexo, Hugo or Jekyll site (no config file here)");
  ROTPROOF_RETURN_IF_ERROR(InPlacePaths(*site, "p.md", "p").status());
  auto ledger = Ledger::Open(site->root, !options.dry_run);
  std::map<std::string, LedgerEntry> done;
  if (ledger.ok())
    done = ledger->All();
  else if (!options.dry_run || ledger.status().code() != Status::Code::kNotFound)
    return ledger.status();

  std::vector<std::string> skipped;
  auto found = ExpandInputs({site->root}, {}, &skipped);
  if (!found.ok()) return found.status();
  LocalizeReport report;
  std::vector<std::string> inputs;
  for (const std::string& input : *found) {
    auto entry = done.find(fs::path(input).lexically_relative(site->root).generic_string());
    auto bytes = ReadWholeFile(input);
    if (entry != done.end() && bytes.ok() && Sha256Digest(*bytes) == entry->second.digest) {
      ++report.already_localized;
      continue;
    }
    inputs.push_back(input);
  }
  if (inputs.empty()) return report;

  BatchOptions batch = options.batch;
  std::optional<TempDir> scratch;
  if (options.dry_run) {
    auto dir = TempDir::Create(fs::temp_directory_path().string());
    if (!dir.ok()) return dir.status();
    scratch.emplace(std::move(dir).value());
    batch.archive.out_dir = scratch->path();
  }
  batch.archive.archive_names = ArchiveNames(inputs);
  std::vector<std::pair<std::string, ArticleReport>> archived;
  BatchEvents events;
  events.archived = [&](const Result<ArticleReport>& r, const JournalEntry& entry) {
    if (r.ok())
      archived.emplace_back(entry.input, *r);
    else
      report.posts.push_back({entry.input, 0, 0, "", r.status().message()});
  };
  auto exit_code = RunBatch(inputs, batch, events);
  if (!exit_code.ok()) return exit_code.status();
  report.exit_code = *exit_code;
  for (const auto& [input, article] : archived) {
    auto one = LocalizeOne(*site, input, article, options, ledger.ok() ? &*ledger : nullptr);
    if (!one.ok()) return one.status();
    report.posts.push_back(std::move(one).value());
  }
  return report;
}

Result<UndoReport> UndoLocalize(const std::string& site_dir) {
  fs::path root = site_dir;
  auto ledger = Ledger::Open(root, false);
  if (!ledger.ok()) return ledger.status();
  UndoReport report;
  std::vector<std::string> dirs;
  for (const auto& [post, entry] : ledger->All()) {
    auto current = ReadWholeFile((root / post).string());
    if (!current.ok() || Sha256Digest(*current) != entry.digest) {
      report.left.push_back(post + ": edited since it was localized; left as it is");
      continue;
    }
    if (entry.damaged) {
      report.left.push_back(post + ": its record in " + kLedgerDir + "/" + kLedgerName + " is damaged; left as it is");
      continue;
    }
    auto original = ApplySplices(*current, entry.undo);
    if (!original.ok()) return Status::Corruption(post + ": the ledger's record does not fit it");
    ROTPROOF_RETURN_IF_ERROR(WriteFileAtomic((root / post).string(), *original));
    std::error_code ec;
    for (const std::string& file : entry.created_files) fs::remove(root / file, ec);
    dirs.insert(dirs.end(), entry.created_dirs.begin(), entry.created_dirs.end());
    ROTPROOF_RETURN_IF_ERROR(ledger->Remove(post));
    report.restored.push_back(post);
  }
  // Deepest first, and only the empty ones: another post's assets may
  // share a directory one of them made.
  std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& dir : dirs) {
    std::error_code ec;
    fs::remove(root / dir, ec);
  }
  if (ledger->All().empty()) {
    std::error_code ec;
    fs::remove_all(root / kLedgerDir, ec);
  }
  return report;
}

}  // namespace rotproof
