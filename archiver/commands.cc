// restore, ls and keygen: each a library call and its printing.

#include "commands.h"

#include "rotproof/list.h"
#include "rotproof/restore.h"
#include "rotproof/sign.h"

namespace rotproof {
namespace {

class RestoreCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("ARCHIVE", archive_, "a .wacz written by rotproof")->required();
    app.add_option("-o,--output", dir_, "directory to restore into (with --layout hexo|hugo|jekyll: the site's root)")
        ->required();
    app.add_flag("--force", options_.force, "restore what is intact even if verification fails; list what was skipped");
    app.add_option("--layout", layout_,
                   "dir: OUT/<slug>/index.md and assets/; hexo, hugo, jekyll: back into that engine's source tree "
                   "(docs/sites.md)")
        ->check(CLI::IsMember({"dir", "hexo", "hugo", "jekyll"}))
        ->capture_default_str();
  }
  int Run() override {
    options_.layout = *ParseRestoreLayout(layout_);
    auto r = RestoreArchive(archive_, dir_, options_);
    if (!r.ok()) return Fail(r.status());
    std::printf("restored %s (%zu assets)\n", r->article_path.c_str(), r->assets);
    for (const std::string& s : r->skipped) std::fprintf(stderr, "rotproof: skipped: %s\n", s.c_str());
    return r->skipped.empty() ? 0 : 1;
  }

 private:
  std::string archive_, dir_, layout_ = "dir";
  RestoreOptions options_;
};

class ListCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("ARCHIVE", archive_, "a .wacz or .warc.gz")->required();
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
std::unique_ptr<Command> MakeListCommand() { return std::make_unique<ListCommand>(); }
std::unique_ptr<Command> MakeKeygenCommand() { return std::make_unique<KeygenCommand>(); }

}  // namespace rotproof
