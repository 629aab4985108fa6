// rotproof-verify: audits archives and says exactly what is wrong.
// Exit codes: 0 intact, 1 defective (or incomplete with --require-complete),
// 2 usage error or unreadable input.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "rotproof/verify.h"

int main(int argc, char** argv) {
  CLI::App app{"Audit rotproof archives (WACZ): fixity, structure and completeness."};
  std::vector<std::string> archives;
  bool json = false;
  rotproof::VerifyOptions options;
  app.add_option("ARCHIVE", archives, "archives to verify")->required();
  app.add_flag("--json", json, "print a JSON report (schemas/verify-report.schema.json)");
  app.add_flag("--require-complete", options.require_complete,
               "treat references that were dead at capture as a defect");
  app.add_option("--pubkey", options.pubkey_path, "PEM public key the archive must be signed with");
  app.add_flag("--require-signature", options.require_signature, "treat an unsigned archive as a defect");
  app.set_version_flag("--version", "rotproof-verify " ROTPROOF_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  std::vector<rotproof::VerifyReport> reports;
  int exit_code = 0;
  for (const std::string& path : archives) {
    reports.push_back(rotproof::VerifyArchive(path, options));
    exit_code = std::max(exit_code, reports.back().ExitCode(options));
    if (!json) std::fputs(rotproof::FormatText(reports.back(), options).c_str(), stdout);
  }
  if (json) std::fputs(rotproof::FormatJson(reports, options).c_str(), stdout);
  return exit_code;
}
