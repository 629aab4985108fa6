// rotproof-verify: audits archives and says exactly what is wrong.
// Exit codes: 0 intact, 1 defective (or incomplete with --require-complete),
// 2 usage error or unreadable input.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "rotproof/verify.h"
#include "rotproof/verify_report.h"
#include "signature.h"

int main(int argc, char** argv) {
  CLI::App app{"Audit rotproof archives (WACZ): fixity, structure and completeness."};
  std::vector<std::string> archives;
  bool json = false;
  rotproof::VerifyOptions options;
  app.add_option("ARCHIVE", archives, "archives to verify")->required();
  app.add_flag("--json", json, "print a JSON report (schemas/verify-report.schema.json)");
  app.add_flag("--require-complete", options.require_complete,
               "treat references that were dead at capture as a defect");
  app.add_option("--pubkey", options.pubkey_path,
                 "PEM public key the archive must be signed with (implies --require-signature)");
  app.add_flag("--require-signature", options.require_signature, "treat an unsigned archive as a defect");
  app.add_flag("--fast", options.fast, "completeness only (files, records, sizes, framing), no hashing");
  int jobs = 1;
  app.add_option("-j,--jobs", jobs, "archives verified in parallel")->check(CLI::Range(1, 256));
  app.set_version_flag("--version", "rotproof-verify " ROTPROOF_VERSION);
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
  std::vector<rotproof::VerifyReport> reports(archives.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < std::min<int>(jobs, static_cast<int>(archives.size())); ++w)
    workers.emplace_back([&] {
      for (size_t i; (i = next++) < archives.size();) reports[i] = rotproof::VerifyArchive(archives[i], options);
    });
  for (auto& w : workers) w.join();
  int exit_code = 0;
  for (const rotproof::VerifyReport& r : reports) {
    exit_code = std::max(exit_code, r.ExitCode(options));
    if (!json) std::fputs(rotproof::FormatText(r, options).c_str(), stdout);
  }
  if (json) std::fputs(rotproof::FormatJson(reports, options).c_str(), stdout);
  return exit_code;
}
