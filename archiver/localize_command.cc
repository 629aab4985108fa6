// rotproof localize: a blog's posts fixed in place (localize.h), and --undo.

#include <algorithm>
#include <filesystem>

#include "batch_flags.h"
#include "commands.h"
#include "rotproof/localize.h"

namespace rotproof {
namespace {

class LocalizeCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("SITE_DIR", site_dir_, "a Hexo, Hugo or Jekyll site's root (where its config file is)")->required();
    app.add_option("-o,--output", out_dir_, "directory for the archives (required but with --undo)");
    app.add_flag("--dry-run", options_.dry_run, "print the changes as a unified diff; change nothing in the site");
    app.add_flag("--undo", undo_, "put every original URL back and remove the files localize added");
    flags_.Define(app);
  }

  int Run() override {
    if (undo_) return Undo();
    if (out_dir_.empty() && !options_.dry_run) return Fail(Status::InvalidInput("localize needs -o ARCHIVE_DIR"));
    if (Status st = flags_.Configure(); !st.ok()) return Fail(st);
    options_.batch = flags_.batch;
    options_.batch.archive.out_dir = out_dir_;
    options_.batch.articles_in_flight = static_cast<size_t>(std::max(2, 2 * options_.batch.fetch.jobs));
    std::error_code ec;
    if (!options_.dry_run && (std::filesystem::create_directories(out_dir_, ec), ec))
      return Fail(Status::IoError(out_dir_ + ": cannot create output directory"));
    auto report = Localize(site_dir_, options_);
    if (!report.ok()) return Fail(report.status());
    size_t changed = 0;
    for (const LocalizedPost& p : report->posts) {
      if (!p.left_because.empty()) {
        std::printf("left %s: %s\n", p.post.c_str(), p.left_because.c_str());
      } else if (options_.dry_run) {
        std::fputs(p.diff.c_str(), stdout);
      } else {
        ++changed;
        std::printf("localized %s (%zu of %zu references)\n", p.post.c_str(), p.localized, p.references);
      }
    }
    if (!options_.dry_run)
      std::printf("%zu posts localized, %zu already localized\n", changed, report->already_localized);
    return report->exit_code;
  }

 private:
  int Undo() {
    auto report = UndoLocalize(site_dir_);
    if (!report.ok()) return Fail(report.status());
    for (const std::string& post : report->restored) std::printf("restored %s\n", post.c_str());
    for (const std::string& why : report->left) std::fprintf(stderr, "rotproof: %s\n", why.c_str());
    return report->left.empty() ? 0 : 1;
  }

  std::string site_dir_, out_dir_;
  bool undo_ = false;
  BatchFlags flags_;
  LocalizeOptions options_;
};

}  // namespace

std::unique_ptr<Command> MakeLocalizeCommand() { return std::make_unique<LocalizeCommand>(); }

}  // namespace rotproof
