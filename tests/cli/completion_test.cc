#include "completion.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(CompletionTest, NamesEverySubcommandAndItsOwnOptions) {
  CLI::App app{"tool"};
  std::string out;
  bool flag = false;
  CLI::App* archive = app.add_subcommand("archive", "a");
  archive->add_option("-o,--output", out, "o");
  archive->add_flag("--rescue", flag, "r");
  app.add_subcommand("ls", "l")->add_flag("--json", flag, "j");
  std::string script = BashCompletion(app, "my-tool");
  EXPECT_NE(script.find("compgen -W \" archive ls\""), std::string::npos) << script;
  EXPECT_NE(script.find("    archive) opts=\" --help -h --output -o --rescue\" ;;"), std::string::npos) << script;
  EXPECT_NE(script.find("    ls) opts=\" --help -h --json\" ;;"), std::string::npos);
  EXPECT_NE(script.find("complete -o filenames -F _my_tool my-tool\n"), std::string::npos);
  EXPECT_EQ(CompletionFor("zsh", script).rfind("autoload -U +X bashcompinit && bashcompinit\n", 0), 0u);
  EXPECT_EQ(CompletionFor("fish", script), "");
}

}  // namespace
}  // namespace rotproof
