// rotproof check: link-rot watching over archives (check_run.h) and its
// reports (check_report.h).

#include <ctime>
#include <filesystem>

#include "batch_flags.h"
#include "commands.h"
#include "rotproof/check_report.h"
#include "rotproof/fs.h"
#include "rotproof/restore.h"

namespace rotproof {
namespace {

class CheckCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("ARCHIVE", archives_,
                   "archives rotproof wrote (an article's, or a package's: every article), or a directory of them "
                   "(an OUTDIR)")
        ->required();
    app.add_option("--db", options_.db_path, "the check history (SQLite; default: rotproof.db beside the archives)");
    app.add_flag("--deep", options_.deep, "download each link whole and compare its digest (default: HEAD)");
    app.add_option("--dead-after-checks", options_.rule.checks, "failing checks in a row before a link is dead")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--dead-after-days", days_, "...spanning at least this many days")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--json", json_, "print the report as JSON (schemas/check-report.schema.json)");
    app.add_option("--markdown", markdown_, "also write the report as Markdown to this file");
    app.add_option("--junit", junit_, "also write the report as JUnit XML to this file");
    app.add_option("--html", html_, "the HTML report (default: check-report.html beside the history)");
    // A 5xx is a flaky verdict and the history tells a bad day from a dead
    // link: no retry within one check (they would only make it slower).
    options_.fetch.retries = 0;
    DefineFetchFlags(app, options_.fetch);
  }

  int Run() override {
    auto archives = ExpandArchives(archives_);
    if (!archives.ok()) return Fail(archives.status());
    std::filesystem::path home = std::filesystem::is_directory(archives_.front())
                                     ? std::filesystem::path(archives_.front())
                                     : std::filesystem::path(archives_.front()).parent_path();
    if (options_.db_path.empty()) options_.db_path = (home / "rotproof.db").string();
    if (html_.empty()) html_ = (std::filesystem::path(options_.db_path).parent_path() / "check-report.html").string();
    options_.rule.seconds = static_cast<int64_t>(days_ * 24 * 3600);
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    options_.now = epoch != nullptr ? std::atoll(epoch) : std::time(nullptr);
    auto report = RunCheck(*archives, options_);
    if (!report.ok()) return Fail(report.status());
    for (const auto& [path, text] : {std::pair{html_, CheckReportHtml(*report)},
                                     {markdown_, CheckReportMarkdown(*report)},
                                     {junit_, CheckReportJunit(*report)}})
      if (!path.empty())
        if (Status st = WriteFileAtomic(path, text); !st.ok()) return Fail(st);
    if (json_) {
      std::fputs(CheckReportJson(*report).c_str(), stdout);
    } else {
      for (const CheckedLink& l : report->links)
        if (l.verdict.state != LinkState::kAlive)
          std::printf("%-8s %s  %s%s\n", LinkStateName(l.verdict.state), l.url.c_str(), l.verdict.detail.c_str(),
                      l.newly_dead     ? "  (newly dead)"
                      : l.summary.dead ? "  (dead)"
                                       : "");
      std::printf("%zu links checked, %zu requests; report %s\n", report->links.size(), report->requests,
                  html_.c_str());
    }
    return report->ExitCode();
  }

 private:
  std::vector<std::string> archives_;
  std::string markdown_, junit_, html_;
  double days_ = 7;
  bool json_ = false;
  CheckOptions options_;
};

}  // namespace

std::unique_ptr<Command> MakeCheckCommand() { return std::make_unique<CheckCommand>(); }

}  // namespace rotproof
