// restore, ls and keygen: each a library call and its printing.

#include "commands.h"

#include <algorithm>
#include <filesystem>

#include "rotproof/fs.h"
#include "rotproof/link_report.h"
#include "rotproof/list.h"
#include "rotproof/offline_page.h"
#include "rotproof/restore.h"
#include "rotproof/sign.h"

namespace rotproof {
namespace {

class RestoreCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("ARCHIVE", archives_,
                   "a .wacz written by rotproof (an article's, or a package's: every article), or a directory of "
                   "them (an archive's OUTDIR)")
        ->required();
    app.add_option("-o,--output", dir_, "directory to restore into (with --layout hexo|hugo|jekyll: the site's root)")
        ->required();
    app.add_flag("--force", options_.force, "restore what is intact even if verification fails; list what was skipped");
    app.add_option("--layout", layout_,
                   "dir: OUT/<slug>/index.md, assets/ and index.html to read offline; hexo, hugo, jekyll: back into "
                   "that engine's source tree (docs/sites.md)")
        ->check(CLI::IsMember({"dir", "hexo", "hugo", "jekyll"}))
        ->capture_default_str();
  }

  // Each archive in turn, the rest going on after a failure; with several
  // (or a directory) and --layout dir, OUT/index.html lists what was restored.
  int Run() override {
    options_.layout = *ParseRestoreLayout(layout_);
    auto archives = ExpandArchives(archives_);
    if (!archives.ok()) return Fail(archives.status());
    int rc = 0;
    std::vector<CollectionEntry> collection;
    for (const std::string& archive : *archives) {
      auto articles = RestoreArticles(archive, dir_, options_);
      if (!articles.ok()) {
        rc = std::max(rc, Fail(articles.status()));
        continue;
      }
      for (const Result<RestoreReport>& r : *articles) {
        if (!r.ok()) {
          rc = std::max(rc, Fail(r.status()));
          continue;
        }
        std::printf("restored %s (%zu assets)\n", r->article_path.c_str(), r->assets);
        for (const std::string& s : r->skipped) std::fprintf(stderr, "rotproof: skipped: %s\n", s.c_str());
        if (!r->skipped.empty()) rc = std::max(rc, 1);
        if (!r->reader_page.empty())
          collection.push_back(
              {std::filesystem::path(r->reader_page).lexically_relative(dir_).generic_string(), r->facts});
      }
    }
    bool several = collection.size() > 1 || std::filesystem::is_directory(archives_.front());
    if (several && !collection.empty()) {
      std::string index = (std::filesystem::path(dir_) / "index.html").string();
      if (Status st = WriteFileAtomic(index, MakeCollectionIndex(collection)); !st.ok()) return std::max(rc, Fail(st));
      std::printf("collection %s (%zu articles)\n", index.c_str(), collection.size());
    }
    return rc;
  }

 private:
  std::vector<std::string> archives_;
  std::string dir_, layout_ = "dir";
  RestoreOptions options_;
};

class ReportCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("OUTDIR", out_dirs_, "OUTDIRs of rotproof archive: the shards of one batch, or several runs")
        ->required();
    app.add_option("-o,--output", merged_, "directory for the merged journal, report.json and report.html")->required();
    app.add_flag("--json", json_, "print the merged report.json");
  }
  int Run() override {
    auto rc = MergeReports(out_dirs_, merged_, json_ ? stdout : nullptr);
    if (!rc.ok()) return Fail(rc.status());
    if (!json_) std::printf("merged %zu OUTDIRs into %s/report.json\n", out_dirs_.size(), merged_.c_str());
    return *rc;
  }

 private:
  std::vector<std::string> out_dirs_;
  std::string merged_;
  bool json_ = false;
};

class ListCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("ARCHIVE", archive_, "a .wacz or .warc.gz (an article's, or a package's: every article)")
        ->required();
    app.add_flag("--json", json_, "print JSON");
  }
  int Run() override {
    auto listing = ListArchive(archive_, json_);
    if (!listing.ok()) return Fail(listing.status());
    std::fputs(listing->c_str(), stdout);
    return 0;
  }

 private:
  std::string archive_;
  bool json_ = false;
};

class KeygenCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("-o,--output", key_path_, "private key file to write (KEY.pem)")->required();
  }
  int Run() override {
    std::string pub = key_path_.size() > 4 && key_path_.ends_with(".pem")
                          ? key_path_.substr(0, key_path_.size() - 4) + ".pub.pem"
                          : key_path_ + ".pub";
    if (Status st = GenerateSigningKey(key_path_, pub); !st.ok()) return Fail(st);
    std::printf("private key: %s\npublic key:  %s\n", key_path_.c_str(), pub.c_str());
    return 0;
  }

 private:
  std::string key_path_;
};

}  // namespace

std::unique_ptr<Command> MakeRestoreCommand() { return std::make_unique<RestoreCommand>(); }
std::unique_ptr<Command> MakeReportCommand() { return std::make_unique<ReportCommand>(); }
std::unique_ptr<Command> MakeListCommand() { return std::make_unique<ListCommand>(); }
std::unique_ptr<Command> MakeKeygenCommand() { return std::make_unique<KeygenCommand>(); }

}  // namespace rotproof
