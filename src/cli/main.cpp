//===- main.cpp - hotpath entry point -------------------------------------===//
//
// Wires the subcommands; each lives in its own file.
//
//===----------------------------------------------------------------------===//
#include "cli/Commands.h"

#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <exception>
#include <string>

namespace {
const char *Usage =
    "usage: hotpath <command> [options]\n"
    "\n"
    "commands:\n"
    "  analyze -p BUILD [FILE...]   find performance anti-patterns in the\n"
    "                               files of BUILD/compile_commands.json\n"
    "  trace FILE...                what profiler traces measured: totals,\n"
    "                               hottest functions and lines, hot path\n"
    "  rules                        every rule: category, priority, effort,\n"
    "                               summary\n"
    "\n"
    "Run 'hotpath <command> --help' for the options of a command.\n";
} // namespace

/// The commands, dispatched. Exceptions do not leave the libraries (STYLE.md
/// 8); main's handler is the last resort for one that does.
static int dispatch(int Argc, const char **Argv) {
  if (Argc < 2 || !std::strcmp(Argv[1], "--help") ||
      !std::strcmp(Argv[1], "-h")) {
    (Argc < 2 ? llvm::errs() : llvm::outs()) << Usage;
    return Argc < 2 ? hotpath::ExitError : hotpath::ExitOk;
  }
  if (!std::strcmp(Argv[1], "--version")) {
    llvm::outs() << "hotpath " << HOTPATH_VERSION << "\n";
    return hotpath::ExitOk;
  }
  std::string Command = Argv[1];
  // The subcommand sees "hotpath analyze" as its program name.
  std::string Program = std::string("hotpath ") + Argv[1];
  Argv[1] = Program.c_str();
  if (Command == "analyze")
    return hotpath::runAnalyzeCommand(Argc - 1, Argv + 1);
  if (Command == "trace")
    return hotpath::runTraceCommand(Argc - 1, Argv + 1);
  if (Command == "rules")
    return hotpath::runRulesCommand(Argc - 1, Argv + 1);
  return hotpath::reportError("unknown command '" + Command +
                              "' (try 'hotpath --help')");
}

int main(int Argc, const char **Argv) {
  try {
    return dispatch(Argc, Argv);
  } catch (const std::exception &E) {
    return hotpath::reportError(std::string("internal error: ") + E.what() +
                                " (please report it)");
  } catch (...) {
    return hotpath::reportError("internal error: an unknown exception "
                                "(please report it)");
  }
}
