// rotproof: archive articles with their assets, restore them offline.
// Exit codes: 0 all good; 1 the work ran but a reference could not be
// archived (or an archive is defective); 2 usage error or unreadable input.

#include <curl/curl.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <vector>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"rotproof: save web articles and their images before the links rot."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "rotproof " ROTPROOF_VERSION);

  struct Subcommand {
    const char* name;
    const char* help;
    std::unique_ptr<rotproof::Command> command;
    CLI::App* app = nullptr;
  };
  Subcommand table[] = {
      {"archive", "archive articles into OUTDIR/<slug>.wacz", rotproof::MakeArchiveCommand()},
      {"restore", "restore an archived article for offline reading", rotproof::MakeRestoreCommand()},
      {"ls", "list an archive's records and references", rotproof::MakeListCommand()},
      {"keygen", "make a P-384 signing key: KEY.pem and KEY.pub.pem", rotproof::MakeKeygenCommand()},
  };
  for (Subcommand& sub : table) {
    sub.app = app.add_subcommand(sub.name, sub.help);
    sub.command->Define(*sub.app);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = 2;
  for (Subcommand& sub : table)
    if (*sub.app) rc = sub.command->Run();
  curl_global_cleanup();
  return rc;
}
