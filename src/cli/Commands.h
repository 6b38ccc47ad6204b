//===- Commands.h - hotpath subcommands -----------------------------------===//
#ifndef HOTPATH_CLI_COMMANDS_H
#define HOTPATH_CLI_COMMANDS_H

#include "model/Profile.h"
#include "model/RankedFinding.h"
#include "report/Reporter.h"

#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>
#include <vector>

namespace hotpath {

/// Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or input
/// error (including files with compile errors: their results are partial).
enum ExitCode {
  ExitOk = 0,
  /// --fail-on: a finding at or above the gate's priority remains (also
  /// when some files were only partly analysed).
  ExitFindings = 1,
  ExitError = 2,
  /// The run finished, but some files could not be fully analysed (compile
  /// errors): their results are partial. No finding tripped --fail-on.
  ExitPartial = 3,
};

/// `hotpath analyze -p BUILD [FILE...]`; argv[0] is "hotpath analyze".
int runAnalyzeCommand(int Argc, const char **Argv);

/// `hotpath trace FILE...`: what the traces measured.
int runTraceCommand(int Argc, const char **Argv);

/// `hotpath rules`: every rule with its category, priority and summary.
int runRulesCommand(int Argc, const char **Argv);

/// Prints "hotpath: error: MESSAGE" on stderr and returns ExitError.
int reportError(const std::string &Message);

/// --format and -o, shared by the commands that write a report.
struct OutputOptions {
  explicit OutputOptions(llvm::cl::OptionCategory &Cat);
  llvm::cl::opt<std::string> FormatName;
  llvm::cl::opt<std::string> OutputPath;
  /// The --format value; std::nullopt after reporting an unknown one.
  /// Without `ReportFormats` only text and json are accepted (the trace and
  /// rules commands).
  std::optional<Format> format(bool ReportFormats) const;
  /// Writes the report to -o (atomically) or stdout; ExitOk, or ExitError
  /// after reporting why.
  int write(const std::string &Text) const;
};

/// Imports `Paths`, merges them into `Merged` (finalized and validated) and
/// describes each in `Infos`. Returns ExitOk, or ExitError after reporting
/// a fatal problem in one line.
int importTraces(const std::vector<std::string> &Paths, bool Symbolize,
                 Profile &Merged, std::vector<TraceInfo> &Infos);

/// Parses the options registered by the caller; on error prints one line
/// and returns ExitError, else ExitOk.
int parseCommandLine(int Argc, const char **Argv, const char *Overview);

} // namespace hotpath

#endif
