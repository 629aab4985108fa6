// rotproof: archive articles with their assets, restore them offline.
// Exit codes: 0 all good; 1 the work ran but a reference could not be
// archived (or an archive is defective); 2 usage error or unreadable input.

#include <curl/curl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "rotproof/batch.h"
#include "rotproof/address_policy.h"
#include "rotproof/config.h"
#include "rotproof/fs.h"
#include "rotproof/list.h"
#include "rotproof/pipeline.h"
#include "rotproof/restore.h"
#include "rotproof/sign.h"

namespace {

int ExitCodeFor(const rotproof::Status& s) {
  return s.code() == rotproof::Status::Code::kCorruption ? 1 : 2;
}

void Fail(const rotproof::Status& s) { std::fprintf(stderr, "rotproof: %s\n", s.message().c_str()); }

struct ArchiveArgs {
  std::vector<std::string> inputs;
  std::string out_dir;
  std::string rules_file;
  std::string config_file;
  std::string format = "wacz";
  std::vector<std::string> url_lists;
  std::string shard;
  bool resume = false;
  bool explain = false;
  bool json = false;
  bool quiet = false;
  rotproof::FetchOptions fetch;
  rotproof::ArchiveOptions archive;
};

// One live line on a terminal; nothing in between otherwise (per-article
// lines are printed by the caller).
class Progress {
 public:
  Progress(size_t total, bool live) : total_(total), live_(live), start_(std::chrono::steady_clock::now()) {}
  void Update(const nlohmann::ordered_json& entry) {
    ++done_;
    if (entry.contains("error")) ++failed_;
    failed_ += entry.contains("dead") && !entry["dead"].empty() ? 1 : 0;
    assets_ += entry.value("references", size_t{0});
    bytes_ += entry.value("bytes", uint64_t{0});
    if (!live_) return;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double rate = seconds > 0 ? bytes_ / seconds / 1e6 : 0;
    double eta = done_ > 0 ? seconds / static_cast<double>(done_) * static_cast<double>(total_ - done_) : 0;
    std::fprintf(stderr, "\r[%zu/%zu] articles  %zu refs  %.1f MB  %.2f MB/s  ETA %d:%02d  %zu with failures ",
                 done_, total_, assets_, bytes_ / 1e6, rate, static_cast<int>(eta) / 60,
                 static_cast<int>(eta) % 60, failed_);
    if (done_ == total_) std::fputc('\n', stderr);
  }

 private:
  size_t total_, done_ = 0, failed_ = 0, assets_ = 0;
  uint64_t bytes_ = 0;
  bool live_;
  std::chrono::steady_clock::time_point start_;
};

int RunArchive(ArchiveArgs& a) {
  std::vector<std::string> skipped;
  auto inputs = rotproof::ExpandInputs(a.inputs, a.url_lists, &skipped);
  if (!inputs.ok()) {
    Fail(inputs.status());
    return 2;
  }
  for (const std::string& s : skipped) std::fprintf(stderr, "rotproof: %s\n", s.c_str());
  if (!a.shard.empty()) {
    auto shard = rotproof::ParseShard(a.shard);
    if (!shard.ok()) {
      Fail(shard.status());
      return 2;
    }
    *inputs = rotproof::Shard(*inputs, shard->first, shard->second);
  }
  a.archive.archive_names = rotproof::ArchiveNames(*inputs);
  if (!a.rules_file.empty()) {
    auto user = rotproof::RuleSet::Load(a.rules_file);
    if (!user.ok()) {
      Fail(user.status());
      return 2;
    }
    // User rules first: they may override a built-in for the same host.
    rotproof::RuleSet merged = std::move(user).value();
    merged.Append(a.archive.rules);
    a.archive.rules = std::move(merged);
  }
  if (!a.config_file.empty()) {
    auto config = rotproof::LoadConfig(a.config_file);
    if (!config.ok()) {
      Fail(config.status());
      return 2;
    }
    a.archive.mirrors = config->mirrors;
    a.fetch.host_policies = config->hosts;
    a.fetch.allow_private.insert(a.fetch.allow_private.end(), config->allow_private.begin(),
                                 config->allow_private.end());
  }
  // curl connects to a proxy from the environment instead of the origin.
  std::vector<std::string> proxies;
  for (const char* var : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
    if (const char* value = std::getenv(var)) proxies.push_back(value);
  for (std::string& address : rotproof::ProxyAddresses(proxies)) a.fetch.allow_private.push_back(std::move(address));
  if (a.explain) {
    int rc = 0;
    for (const std::string& input : *inputs) {
      auto text = rotproof::ExplainArticle(input, a.archive);
      if (!text.ok()) {
        Fail(text.status());
        rc = 2;
        continue;
      }
      std::fputs(text->c_str(), stdout);
    }
    return rc;
  }
  std::error_code ec;
  std::filesystem::create_directories(a.out_dir, ec);
  if (a.out_dir.empty() || ec || !std::filesystem::is_directory(a.out_dir)) {
    Fail(rotproof::Status::IoError(a.out_dir + ": cannot create output directory"));
    return 2;
  }
  a.archive.out_dir = a.out_dir;
  a.archive.format = a.format == "warc" ? rotproof::ArchiveOptions::Format::kWarc
                                        : rotproof::ArchiveOptions::Format::kWacz;
  if (!a.archive.sign_key_path.empty()) {
    // A bad key is found before anything is fetched.
    auto probe = rotproof::SignHash("sha256:probe", a.archive.sign_key_path);
    if (!probe.ok()) {
      Fail(probe.status());
      return 2;
    }
  }
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  a.archive.capture_time = epoch != nullptr ? std::atoll(epoch) : std::time(nullptr);
  auto journal = rotproof::Journal::Open(a.out_dir, a.resume);
  if (!journal.ok()) {
    Fail(journal.status());
    return 2;
  }
  std::vector<std::string> todo;
  for (const std::string& input : *inputs)
    if (!journal->Done(input)) todo.push_back(input);
  auto spool = rotproof::TempDir::Create(a.out_dir);
  if (!spool.ok()) {
    Fail(spool.status());
    return 2;
  }
  a.fetch.spool_dir = spool->path();
  rotproof::CurlTransport transport(a.fetch);
  // Articles in flight: a small multiple of --jobs keeps every slot busy
  // (an article often waits on one host's share) while archives keep
  // landing in input order.
  rotproof::BatchArchiver batch(a.archive, transport, static_cast<size_t>(std::max(2, 2 * a.fetch.jobs)));
  Progress progress(todo.size(), !a.quiet && !a.json && isatty(STDERR_FILENO));
  bool lines = !a.quiet && !a.json && !isatty(STDERR_FILENO);
  int io_error = 0;
  batch.Run(todo, [&](const std::string& input, const rotproof::Result<rotproof::ArticleReport>& r) {
    if (!r.ok()) {
      Fail(r.status());
    } else if (lines) {
      std::printf("%s -> %s (%zu of %zu references archived)\n", input.c_str(), r->archive_path.c_str(),
                  r->archived, r->references);
      for (const std::string& f : r->failures) std::printf("  failed %s\n", f.c_str());
      std::fflush(stdout);
    }
    auto entry = rotproof::JournalEntry(input, r);
    if (rotproof::Status st = journal->Append(entry); !st.ok()) {
      Fail(st);
      io_error = 2;
    }
    progress.Update(entry);
  });
  // The report covers this run's inputs, including those an earlier run did.
  auto exit_code = rotproof::WriteReports(*journal, *inputs, a.out_dir, a.json ? stdout : nullptr);
  if (!exit_code.ok()) {
    Fail(exit_code.status());
    return 2;
  }
  return std::max(io_error, *exit_code);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rotproof: save web articles and their images before the links rot."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "rotproof " ROTPROOF_VERSION);

  ArchiveArgs a;
  CLI::App* archive = app.add_subcommand("archive", "archive articles into OUTDIR/<slug>.wacz");
  archive->add_option("INPUT", a.inputs, "Markdown or HTML articles, directories of them, http(s) URLs");
  archive->add_option("--urls", a.url_lists, "file of article URLs, one per line; - for stdin")
      ->allow_extra_args(false);
  archive->add_option("--shard", a.shard, "K/N: archive only the K-th of N deterministic parts");
  archive->add_flag("--resume", a.resume, "skip inputs a killed run already archived (OUTDIR journal)");
  archive->add_option("-o,--output", a.out_dir, "output directory (required unless --explain)");
  archive->add_flag("--explain", a.explain,
                    "print each reference's candidates in order and why; fetch nothing");
  archive->add_option("--config", a.config_file,
                      "mirrors and per-host policies (YAML, schemas/config.schema.json)");
  archive->add_option("--rules", a.rules_file, "extra proxy rules (YAML, schemas/rules.schema.json)");
  archive->add_option("--image-keys", a.archive.extract.front_matter_keys,
                      "front-matter keys that hold image URLs")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->capture_default_str();
  archive->add_option("--base-url", a.archive.resolve.base_url,
                      "URL that relative references are resolved against");
  archive->add_option("--jobs", a.fetch.jobs, "concurrent transfers")->capture_default_str();
  archive->add_option("--per-host", a.fetch.per_host, "concurrent connections per host")
      ->capture_default_str();
  archive->add_option("--retries", a.fetch.retries, "retries after a transient failure")
      ->capture_default_str();
  archive->add_option("--timeout", a.fetch.timeout_s, "seconds per transfer attempt")
      ->capture_default_str();
  archive->add_option("--max-asset-bytes", a.fetch.max_asset_bytes, "largest response body kept, in bytes (0: the most a WARC record holds, 2 GiB)")
      ->capture_default_str();
  archive->add_option("--max-article-bytes", a.archive.max_article_bytes,
                      "bytes fetched for one article (0: any)")
      ->capture_default_str();
  archive->add_option("--max-redirects", a.fetch.max_redirects, "redirect hops followed")
      ->capture_default_str();
  archive->add_option("--delay-ms", a.fetch.delay_ms, "politeness gap between requests to one host")
      ->capture_default_str();
  archive->add_option("--low-speed-time", a.fetch.low_speed_time_s,
                      "abort a transfer under 1 byte/s for this many seconds")
      ->capture_default_str();
  archive->add_option("--connect-to", a.fetch.connect_to,
                      "HOST:PORT:HOST2:PORT2, as curl --connect-to (repeatable)")
      ->allow_extra_args(false);
  archive->add_option("--resolve", a.fetch.resolve, "HOST:PORT:ADDR, as curl --resolve (repeatable)")
      ->allow_extra_args(false);
  archive->add_option("--allow-private", a.fetch.allow_private,
                      "fetch from these non-public hosts or ranges (\"*.corp.example\", 10.0.0.0/8; "
                      "repeatable): loopback, private, link-local and metadata addresses are refused otherwise")
      ->allow_extra_args(false)
      ->check([](const std::string& entry) {
        rotproof::Status st = rotproof::CheckAllowEntry(entry);
        return st.ok() ? std::string() : st.message();
      });
  archive->add_option("--cacert", a.fetch.cacert, "CA bundle for HTTPS");
  archive->add_option("--user-agent", a.fetch.user_agent, "User-Agent header")->capture_default_str();
  archive->add_option("--sign-key", a.archive.sign_key_path,
                      "sign each archive (WACZ anonymous form) with this P-384 key (rotproof keygen)");
  archive->add_option("--format", a.format, "wacz (default) or warc: the bare .warc.gz")
      ->check(CLI::IsMember({"wacz", "warc"}));
  archive->add_flag("--json", a.json, "print a JSON summary");
  archive->add_flag("-q,--quiet", a.quiet, "print only errors");

  std::string restore_archive, restore_dir;
  CLI::App* restore = app.add_subcommand("restore", "restore an archived article for offline reading");
  restore->add_option("ARCHIVE", restore_archive, "a .wacz written by rotproof")->required();
  restore->add_option("-o,--output", restore_dir, "directory to restore into")->required();
  rotproof::RestoreOptions restore_options;
  restore->add_flag("--force", restore_options.force,
                    "restore what is intact even if verification fails; list what was skipped");

  std::string ls_archive;
  bool ls_json = false;
  CLI::App* ls = app.add_subcommand("ls", "list an archive's records and references");
  ls->add_option("ARCHIVE", ls_archive, "a .wacz or .warc.gz")->required();
  ls->add_flag("--json", ls_json, "print JSON");

  std::string key_path;
  CLI::App* keygen = app.add_subcommand("keygen", "make a P-384 signing key: KEY.pem and KEY.pub.pem");
  keygen->add_option("-o,--output", key_path, "private key file to write (KEY.pem)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = 0;
  if (*archive) {
    if (a.out_dir.empty() && !a.explain) {
      std::fputs("rotproof: archive needs -o OUTDIR\n", stderr);
      return 2;
    }
    if (a.inputs.empty() && a.url_lists.empty()) {
      std::fputs("rotproof: archive needs an INPUT or --urls FILE\n", stderr);
      return 2;
    }
    rc = RunArchive(a);
  } else if (*ls) {
    auto listing = rotproof::ListArchive(ls_archive, ls_json);
    if (listing.ok()) {
      std::fputs(listing->c_str(), stdout);
    } else {
      Fail(listing.status());
      rc = 2;
    }
  } else if (*keygen) {
    std::string pub = key_path.size() > 4 && key_path.ends_with(".pem")
                          ? key_path.substr(0, key_path.size() - 4) + ".pub.pem"
                          : key_path + ".pub";
    rotproof::Status st = rotproof::GenerateSigningKey(key_path, pub);
    if (st.ok()) {
      std::printf("private key: %s\npublic key:  %s\n", key_path.c_str(), pub.c_str());
    } else {
      Fail(st);
      rc = 2;
    }
  } else if (*restore) {
    auto r = rotproof::RestoreArchive(restore_archive, restore_dir, restore_options);
    if (r.ok()) {
      std::printf("restored %s (%zu assets)\n", r->article_path.c_str(), r->assets);
      for (const std::string& s : r->skipped) std::fprintf(stderr, "rotproof: skipped: %s\n", s.c_str());
      if (!r->skipped.empty()) rc = 1;
    } else {
      Fail(r.status());
      rc = ExitCodeFor(r.status());
    }
  }
  curl_global_cleanup();
  return rc;
}
