//===- Commands.h - hotpath subcommands -----------------------------------===//
#ifndef HOTPATH_CLI_COMMANDS_H
#define HOTPATH_CLI_COMMANDS_H

#include <string>

namespace hotpath {

/// Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or input
/// error (including files with compile errors: their results are partial).
enum ExitCode { ExitOk = 0, ExitFindings = 1, ExitError = 2 };

/// `hotpath analyze -p BUILD [FILE...]`; argv[0] is "hotpath analyze".
int runAnalyzeCommand(int Argc, const char **Argv);

/// `hotpath trace FILE...`: what the traces measured.
int runTraceCommand(int Argc, const char **Argv);

/// Prints "hotpath: error: MESSAGE" on stderr and returns ExitError.
int reportError(const std::string &Message);

/// Parses the options registered by the caller; on error prints one line
/// and returns ExitError, else ExitOk.
int parseCommandLine(int Argc, const char **Argv, const char *Overview);

} // namespace hotpath

#endif
