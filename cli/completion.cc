#include "completion.h"

namespace rotproof {
namespace {

// Every long and short name of `app`'s own options, space-separated.
std::string OptionNames(const CLI::App& app) {
  std::string names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& l : option->get_lnames()) names += " --" + l;
    for (const std::string& s : option->get_snames()) names += " -" + s;
  }
  return names;
}

std::string FunctionName(const std::string& program) {
  std::string name = "_";
  for (char c : program) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

}  // namespace

std::string BashCompletion(const CLI::App& app, const std::string& program) {
  std::string subcommands, cases;
  for (const CLI::App* sub : app.get_subcommands({})) {
    subcommands += " " + sub->get_name();
    cases += "    " + sub->get_name() + ") opts=\"" + OptionNames(*sub) + "\" ;;\n";
  }
  std::string fn = FunctionName(program);
  std::string script = "# " + program + " completion, generated from its option definitions.\n" + fn +
                       "() {\n  local cur=${COMP_WORDS[COMP_CWORD]} opts=\"" + OptionNames(app) + "\"\n";
  if (!subcommands.empty()) {
    script += "  if [ \"$COMP_CWORD\" -eq 1 ] && [[ $cur != -* ]]; then\n    COMPREPLY=($(compgen -W \"" + subcommands +
              "\" -- \"$cur\"))\n    return\n  fi\n  case \"${COMP_WORDS[1]}\" in\n" + cases + "  esac\n";
  }
  return script +
         "  if [[ $cur == -* ]]; then\n    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n  else\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n  fi\n}\ncomplete -o filenames -F " +
         fn + " " + program + "\n";
}

std::string CompletionFor(const std::string& shell, const std::string& script) {
  if (shell == "bash") return script;
  if (shell == "zsh") return "autoload -U +X bashcompinit && bashcompinit\n" + script;
  return "";
}

}  // namespace rotproof
