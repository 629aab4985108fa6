// rotproof archive: options, their checks, and the batch's printing. The
// batch itself is RunBatch (batch.h).

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>

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
  // Rules, config, the environment's proxies, the output format: the
  // options as the batch needs them.
  Status Configure();
  int Explain(const std::vector<std::string>& inputs);

  std::vector<std::string> inputs_;
  std::string out_dir_, rules_file_, config_file_, format_ = "wacz", shard_;
  std::vector<std::string> url_lists_;
  bool explain_ = false, quiet_ = false, json_ = false;
  BatchOptions batch_;
};

void ArchiveCommand::Define(CLI::App& app) {
  ArchiveOptions& archive = batch_.archive;
  FetchOptions& fetch = batch_.fetch;
  app.add_option("INPUT", inputs_, "Markdown or HTML articles, directories of them, http(s) URLs");
  app.add_option("--urls", url_lists_, "file of article URLs, one per line; - for stdin")->allow_extra_args(false);
  app.add_option("--shard", shard_, "K/N: archive only the K-th of N deterministic parts");
  app.add_flag("--resume", batch_.resume, "skip inputs a killed run already archived (OUTDIR journal)");
  app.add_option("-o,--output", out_dir_, "output directory (required unless --explain)");
  app.add_flag("--explain", explain_, "print each reference's candidates in order and why; fetch nothing");
  app.add_option("--config", config_file_, "mirrors and per-host policies (YAML, schemas/config.schema.json)");
  app.add_option("--rules", rules_file_, "extra proxy rules (YAML, schemas/rules.schema.json)");
  app.add_option("--image-keys", archive.extract.front_matter_keys,
                 "only these front-matter keys hold image URLs (nested ones as cover.image, images[0]); "
                 "default: any key whose value is a picture's URL or path")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--base-url", archive.resolve.base_url,
                 "URL that relative references are resolved against (in a blog's source tree: the site's URL)");
  app.add_flag("--no-site{false}", archive.local_sites,
               "ignore the Hexo/Hugo/Jekyll/Obsidian tree an article file is in: relative references resolve "
               "against --base-url only and nothing is read from disk");
  app.add_option("--jobs", fetch.jobs, "concurrent transfers")->capture_default_str();
  app.add_option("--per-host", fetch.per_host, "concurrent connections per host")->capture_default_str();
  app.add_option("--retries", fetch.retries, "retries after a transient failure")->capture_default_str();
  app.add_option("--timeout", fetch.timeout_s, "seconds per transfer attempt")->capture_default_str();
  app.add_option("--max-asset-bytes", fetch.max_asset_bytes,
                 "largest response body kept, in bytes (0: the most a WARC record holds, 2 GiB)")
      ->capture_default_str();
  app.add_option("--max-article-bytes", archive.max_article_bytes, "bytes fetched for one article (0: any)")
      ->capture_default_str();
  app.add_option("--max-redirects", fetch.max_redirects, "redirect hops followed")->capture_default_str();
  app.add_option("--delay-ms", fetch.delay_ms, "politeness gap between requests to one host")->capture_default_str();
  app.add_option("--low-speed-time", fetch.low_speed_time_s, "abort a transfer under 1 byte/s for this many seconds")
      ->capture_default_str();
  app.add_option("--connect-to", fetch.connect_to, "HOST:PORT:HOST2:PORT2, as curl --connect-to (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--resolve", fetch.resolve, "HOST:PORT:ADDR, as curl --resolve (repeatable)")->allow_extra_args(false);
  app.add_option("--allow-private", fetch.allow_private,
                 "fetch from these non-public hosts or ranges (\"*.corp.example\", 10.0.0.0/8; "
                 "repeatable): loopback, private, link-local and metadata addresses are refused otherwise")
      ->allow_extra_args(false)
      ->check([](const std::string& entry) {
        Status st = CheckAllowEntry(entry);
        return st.ok() ? std::string() : st.message();
      });
  app.add_option("--cacert", fetch.cacert, "CA bundle for HTTPS");
  app.add_option("--user-agent", fetch.user_agent, "User-Agent header")->capture_default_str();
  app.add_option("--sign-key", archive.sign_key_path,
                 "sign each archive (WACZ anonymous form) with this P-384 key (rotproof keygen)");
  app.add_option("--format", format_, "wacz (default) or warc: the bare .warc.gz")
      ->check(CLI::IsMember({"wacz", "warc"}));
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

Status ArchiveCommand::Configure() {
  ArchiveOptions& archive = batch_.archive;
  FetchOptions& fetch = batch_.fetch;
  if (!rules_file_.empty()) {
    auto user = RuleSet::Load(rules_file_);
    if (!user.ok()) return user.status();
    // User rules first: they may override a built-in for the same host.
    RuleSet merged = std::move(user).value();
    merged.Append(archive.rules);
    archive.rules = std::move(merged);
  }
  if (!config_file_.empty()) {
    auto config = LoadConfig(config_file_);
    if (!config.ok()) return config.status();
    archive.mirrors = config->mirrors;
    fetch.host_policies = config->hosts;
    fetch.allow_private.insert(fetch.allow_private.end(), config->allow_private.begin(), config->allow_private.end());
  }
  // curl connects to a proxy from the environment instead of the origin.
  std::vector<std::string> proxies;
  for (const char* var : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
    if (const char* value = std::getenv(var)) proxies.push_back(value);
  for (std::string& address : ProxyAddresses(proxies)) fetch.allow_private.push_back(std::move(address));
  archive.format = format_ == "warc" ? ArchiveOptions::Format::kWarc : ArchiveOptions::Format::kWacz;
  // A bad key is found before anything is fetched.
  if (!archive.sign_key_path.empty()) {
    auto probe = SignHash("sha256:probe", archive.sign_key_path);
    if (!probe.ok()) return probe.status();
  }
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  archive.capture_time = epoch != nullptr ? std::atoll(epoch) : std::time(nullptr);
  return Status::Ok();
}

int ArchiveCommand::Explain(const std::vector<std::string>& inputs) {
  int rc = 0;
  for (const std::string& input : inputs) {
    auto text = ExplainArticle(input, batch_.archive);
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
  batch_.archive.archive_names = ArchiveNames(*inputs);
  if (Status st = Configure(); !st.ok()) return Fail(st);
  if (explain_) return Explain(*inputs);
  std::error_code ec;
  std::filesystem::create_directories(out_dir_, ec);
  if (ec || !std::filesystem::is_directory(out_dir_))
    return Fail(Status::IoError(out_dir_ + ": cannot create output directory"));
  batch_.archive.out_dir = out_dir_;
  // Articles in flight: a small multiple of --jobs keeps every slot busy
  // (an article often waits on one host's share) while archives keep
  // landing in input order.
  batch_.articles_in_flight = static_cast<size_t>(std::max(2, 2 * batch_.fetch.jobs));
  batch_.json_copy = json_ ? stdout : nullptr;
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
  auto exit_code = RunBatch(*inputs, batch_, events);
  if (!exit_code.ok()) return std::max(2, Fail(exit_code.status()));
  return *exit_code;
}

}  // namespace

std::unique_ptr<Command> MakeArchiveCommand() { return std::make_unique<ArchiveCommand>(); }

}  // namespace rotproof
