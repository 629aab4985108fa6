// rotproof archive: options, their checks, and the batch's printing. The
// batch itself is RunBatch (batch.h).

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>

#include "batch_flags.h"
#include "commands.h"
#include "rotproof/address_policy.h"
#include "rotproof/batch.h"
#include "rotproof/config.h"
#include "rotproof/inputs.h"
#include "rotproof/sign.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

// One live line on a terminal; nothing in between otherwise (per-article
// lines are printed by the caller).
class Progress {
 public:
  Progress(size_t total, bool live) : total_(total), live_(live), start_(std::chrono::steady_clock::now()) {}
  void Update(const JournalEntry& entry) {
    ++done_;
    failed_ += entry.failed || !entry.dead.empty() ? 1 : 0;
    assets_ += entry.references;
    bytes_ += entry.bytes;
    if (!live_) return;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double rate = seconds > 0 ? bytes_ / seconds / 1e6 : 0;
    double eta = done_ > 0 ? seconds / static_cast<double>(done_) * static_cast<double>(total_ - done_) : 0;
    std::fprintf(stderr, "\r[%zu/%zu] articles  %zu refs  %.1f MB  %.2f MB/s  ETA %d:%02d  %zu with failures ", done_,
                 total_, assets_, bytes_ / 1e6, rate, static_cast<int>(eta) / 60, static_cast<int>(eta) % 60, failed_);
    if (done_ == total_) std::fputc('\n', stderr);
  }

 private:
  size_t total_, done_ = 0, failed_ = 0, assets_ = 0;
  uint64_t bytes_ = 0;
  bool live_;
  std::chrono::steady_clock::time_point start_;
};

class ArchiveCommand : public Command {
 public:
  void Define(CLI::App& app) override;
  int Run() override;

 private:
  // Inputs expanded and sharded, or the error.
  Result<std::vector<std::string>> Inputs();
  int Explain(const std::vector<std::string>& inputs);

  std::vector<std::string> inputs_;
  std::string out_dir_, format_ = "wacz", shard_;
  std::vector<std::string> url_lists_;
  bool explain_ = false, quiet_ = false, json_ = false;
  BatchFlags flags_;
};

void ArchiveCommand::Define(CLI::App& app) {
  app.add_option("INPUT", inputs_, "Markdown or HTML articles, directories of them, http(s) URLs");
  app.add_option("--urls", url_lists_, "file of article URLs, one per line; - for stdin")->allow_extra_args(false);
  app.add_option("--shard", shard_, "K/N: archive only the K-th of N deterministic parts");
  app.add_flag("--resume", flags_.batch.resume, "skip inputs a killed run already archived (OUTDIR journal)");
  app.add_option("-o,--output", out_dir_, "output directory (required unless --explain)");
  app.add_flag("--explain", explain_, "print each reference's candidates in order and why; fetch nothing");
  app.add_option("--format", format_, "wacz (default) or warc: the bare .warc.gz")
      ->check(CLI::IsMember({"wacz", "warc"}));
  flags_.Define(app);
  app.add_flag("--json", json_, "print a JSON summary");
  app.add_flag("-q,--quiet", quiet_, "print only errors");
}

Result<std::vector<std::string>> ArchiveCommand::Inputs() {
  std::vector<std::string> skipped;
  auto inputs = ExpandInputs(inputs_, url_lists_, &skipped);
  if (!inputs.ok()) return inputs.status();
  for (const std::string& s : skipped) std::fprintf(stderr, "rotproof: %s\n", s.c_str());
  if (shard_.empty()) return inputs;
  auto shard = ParseShard(shard_);
  if (!shard.ok()) return shard.status();
  return Shard(*inputs, shard->first, shard->second);
}

int ArchiveCommand::Explain(const std::vector<std::string>& inputs) {
  int rc = 0;
  for (const std::string& input : inputs) {
    auto text = ExplainArticle(input, flags_.batch.archive);
    if (!text.ok()) {
      rc = std::max(rc, Fail(text.status()));
      continue;
    }
    std::fputs(text->c_str(), stdout);
  }
  return rc;
}

int ArchiveCommand::Run() {
  if (out_dir_.empty() && !explain_) return Fail(Status::InvalidInput("archive needs -o OUTDIR"));
  if (inputs_.empty() && url_lists_.empty()) return Fail(Status::InvalidInput("archive needs an INPUT or --urls FILE"));
  auto inputs = Inputs();
  if (!inputs.ok()) return Fail(inputs.status());
  // Nothing can be archived: no OUTDIR, journal or report is made for it.
  if (inputs->empty()) return Fail(Status::InvalidInput("no article found in the inputs given"));
  std::error_code missing_ec;
  if (std::all_of(inputs->begin(), inputs->end(),
                  [&](const std::string& in) { return !IsLiveUrl(in) && !std::filesystem::exists(in, missing_ec); })) {
    for (const std::string& in : *inputs) Fail(Status::NotFound(in + ": no such file"));
    return 2;
  }
  flags_.batch.archive.archive_names = ArchiveNames(*inputs);
  if (Status st = flags_.Configure(); !st.ok()) return Fail(st);
  flags_.batch.archive.format = format_ == "warc" ? ArchiveOptions::Format::kWarc : ArchiveOptions::Format::kWacz;
  if (explain_) return Explain(*inputs);
  std::error_code ec;
  std::filesystem::create_directories(out_dir_, ec);
  if (ec || !std::filesystem::is_directory(out_dir_))
    return Fail(Status::IoError(out_dir_ + ": cannot create output directory"));
  flags_.batch.archive.out_dir = out_dir_;
  // Articles in flight: a small multiple of --jobs keeps every slot busy
  // (an article often waits on one host's share) while archives keep
  // landing in input order.
  flags_.batch.articles_in_flight = static_cast<size_t>(std::max(2, 2 * flags_.batch.fetch.jobs));
  flags_.batch.json_copy = json_ ? stdout : nullptr;
  std::optional<Progress> progress;
  bool lines = !quiet_ && !json_ && !isatty(STDERR_FILENO);
  BatchEvents events;
  events.started = [&](size_t left) { progress.emplace(left, !quiet_ && !json_ && isatty(STDERR_FILENO)); };
  events.archived = [&](const Result<ArticleReport>& r, const JournalEntry& entry) {
    if (!r.ok()) {
      Fail(r.status());
    } else if (lines) {
      std::printf("%s -> %s (%zu of %zu references archived)\n", entry.input.c_str(), r->archive_path.c_str(),
                  r->archived, r->references);
      for (const ReferenceOutcome& o : r->outcomes)
        if (o.source == ReferenceOutcome::Source::kDead)
          std::printf("  failed %s %s: %s\n", o.where.c_str(), o.url.c_str(), o.reason.c_str());
      std::fflush(stdout);
    }
    progress->Update(entry);
  };
  auto exit_code = RunBatch(*inputs, flags_.batch, events);
  if (!exit_code.ok()) return std::max(2, Fail(exit_code.status()));
  return *exit_code;
}

}  // namespace

std::unique_ptr<Command> MakeArchiveCommand() { return std::make_unique<ArchiveCommand>(); }

}  // namespace rotproof
