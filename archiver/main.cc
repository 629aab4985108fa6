// rotproof: archive articles with their assets, restore them offline.
// Exit codes: 0 all good; 1 the work ran but a reference could not be
// archived (or an archive is defective); 2 usage error or unreadable input.

#include <curl/curl.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "completion.h"

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
      {"localize", "archive a blog's posts and point them at local copies, in place (--undo: back)",
       rotproof::MakeLocalizeCommand()},
      {"check", "probe every archived link again and tell dead from flaky, with history", rotproof::MakeCheckCommand()},
      {"rescue", "capture archives again from the article they hold, dead references from a web archive",
       rotproof::MakeRescueCommand()},
      {"report", "merge the reports of several OUTDIRs (a sharded batch's) into one", rotproof::MakeReportCommand()},
      {"pack", "pack many article archives into one WACZ for a whole blog, shared images stored once",
       rotproof::MakePackCommand()},
      {"ls", "list an archive's records and references", rotproof::MakeListCommand()},
      {"keygen", "make a P-384 signing key: KEY.pem and KEY.pub.pem", rotproof::MakeKeygenCommand()},
  };
  std::string names;
  for (Subcommand& sub : table) {
    sub.app = app.add_subcommand(sub.name, sub.help);
    sub.app->set_version_flag("--version", "rotproof " ROTPROOF_VERSION);
    sub.command->Define(*sub.app);
    names += std::string(names.empty() ? "" : ", ") + sub.name;
  }
  std::string shell;
  CLI::App* completion = app.add_subcommand("completion", "print the bash or zsh completion script");
  completion->add_option("SHELL", shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    // Every error says who speaks, as the commands' own errors do.
    std::string what = e.what();
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty())
      what = std::string("unknown command '") + argv[1] + "' (" + names + ")";
    std::fprintf(stderr, "rotproof: %s\nRun 'rotproof --help' (or 'rotproof COMMAND --help') for more.\n",
                 what.c_str());
    return 2;
  }
  if (*completion) {
    std::fputs(rotproof::CompletionFor(shell, rotproof::BashCompletion(app, "rotproof")).c_str(), stdout);
    return 0;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = 2;
  for (Subcommand& sub : table)
    if (*sub.app) rc = sub.command->Run();
  curl_global_cleanup();
  return rc;
}
