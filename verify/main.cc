// rotproof-verify: audits archives and says exactly what is wrong.
// Exit codes: 0 intact, 1 defective (or incomplete with --require-complete,
// or with warnings under --strict), 2 usage error or unreadable input.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "completion.h"
#include "finding_codes.h"
#include "rotproof/verify.h"
#include "rotproof/verify_report.h"
#include "signature.h"

namespace {

// What a directory argument stands for: every file under it whose name an
// archive (or a format the verifier names) would have, in a stable order.
std::vector<std::string> ExpandArchives(const std::vector<std::string>& args) {
  static constexpr const char* kSuffixes[] = {".wacz", ".warc", ".warc.gz", ".arc", ".arc.gz", ".warc.zst"};
  std::vector<std::string> out;
  for (const std::string& a : args) {
    std::error_code ec;
    if (!std::filesystem::is_directory(a, ec)) {
      out.push_back(a);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = std::filesystem::recursive_directory_iterator(
             a, std::filesystem::directory_options::skip_permission_denied, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (it->is_regular_file(ec) &&
          std::any_of(std::begin(kSuffixes), std::end(kSuffixes), [&](const char* s) { return name.ends_with(s); }))
        found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Audit web archives (WACZ, WARC, .warc.gz): fixity, structure and completeness."};
  std::vector<std::string> args;
  bool json = false, jsonl = false;
  rotproof::VerifyOptions options;
  app.add_option("ARCHIVE", args, "archives to verify; a directory stands for every archive under it");
  app.add_flag("--json", json, "print a JSON report (schemas/verify-report.schema.json)");
  app.add_flag("--jsonl", jsonl, "print one JSON line per archive as each is done (an entry of --json's archives)")
      ->excludes("--json");
  app.add_flag("--strict", options.strict, "warnings fail too (exit 1)");
  app.add_flag("--require-complete", options.require_complete,
               "treat references that were dead at capture as a defect");
  app.add_option("--pubkey", options.pubkey_path,
                 "PEM public key the archive must be signed with (implies --require-signature)");
  app.add_flag("--require-signature", options.require_signature, "treat an unsigned archive as a defect");
  app.add_option("--ca-file", options.ca_file,
                 "PEM roots trusted for domain-identity signatures and their timestamps (default: the system's)")
      ->check(CLI::ExistingFile);
  app.add_flag("--fast", options.fast, "completeness only (files, records, sizes, framing), no hashing");
  int jobs = 0;
  app.add_option("-j,--jobs", jobs, "archives verified in parallel (0: one per core)")->check(CLI::Range(0, 256));
  app.set_version_flag("--version", "rotproof-verify " ROTPROOF_VERSION);
  app.add_flag_callback(
      "--codes",
      [] {
        std::fputs(rotproof::FindingCodesTable().c_str(), stdout);
        throw CLI::Success();
      },
      "print every finding code as a Markdown table (docs/verify-codes.md) and exit");
  app.add_option_function<std::string>(
         "--completion",
         [&app](const std::string& shell) {
           std::fputs(rotproof::CompletionFor(shell, rotproof::BashCompletion(app, "rotproof-verify")).c_str(), stdout);
           throw CLI::Success();
         },
         "print the completion script for SHELL and exit")
      ->check(CLI::IsMember({"bash", "zsh"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (!options.pubkey_path.empty()) {
    if (rotproof::Status st = rotproof::CheckPublicKeyFile(options.pubkey_path); !st.ok()) {
      std::fprintf(stderr, "rotproof-verify: %s\n", st.message().c_str());
      return 2;
    }
  }
  if (args.empty()) {
    std::fputs((app.help() + "rotproof-verify: ARCHIVE is required\n").c_str(), stderr);
    return 2;
  }
  std::vector<std::string> archives = ExpandArchives(args);
  if (archives.empty()) {
    std::fprintf(stderr, "rotproof-verify: no archive found under %s\n", args.front().c_str());
    return 2;
  }
  if (jobs == 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Workers take archives in order; reports are printed in that order as
  // soon as each is done, and dropped once printed (unless --json needs all).
  std::vector<rotproof::VerifyReport> reports(archives.size());
  std::vector<bool> done(archives.size());
  std::mutex mu;
  std::condition_variable finished;
  size_t next = 0;
  std::vector<std::thread> workers;
  for (int w = 0; w < std::min<int>(jobs, static_cast<int>(archives.size())); ++w)
    workers.emplace_back([&] {
      for (;;) {
        size_t i;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (next == archives.size()) return;
          i = next++;
        }
        rotproof::VerifyReport report = rotproof::VerifyArchive(archives[i], options);
        std::lock_guard<std::mutex> lock(mu);
        reports[i] = std::move(report);
        done[i] = true;
        finished.notify_all();
      }
    });
  int exit_code = 0;
  for (size_t i = 0; i < archives.size(); ++i) {
    std::unique_lock<std::mutex> lock(mu);
    finished.wait(lock, [&] { return done[i]; });
    const rotproof::VerifyReport& r = reports[i];
    exit_code = std::max(exit_code, r.ExitCode(options));
    if (jsonl) std::fputs(rotproof::FormatJsonLine(r, options).c_str(), stdout);
    if (!json && !jsonl) std::fputs(rotproof::FormatText(r, options).c_str(), stdout);
    std::fflush(stdout);
    if (!json) reports[i] = {};
  }
  for (auto& w : workers) w.join();
  if (json) std::fputs(rotproof::FormatJson(reports, options).c_str(), stdout);
  return exit_code;
}
