//===- CommandLine.cpp - Shared command-line plumbing ---------------------===//
#include "cli/Commands.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace hotpath {

int reportError(const std::string &Message) {
  llvm::errs() << "hotpath: error: " << Message << "\n";
  return ExitError;
}

namespace {

/// The first line of an llvm::cl error, without its "program: " prefix.
std::string firstLine(std::string Text, llvm::StringRef Program) {
  Text = Text.substr(0, Text.find('\n'));
  std::string Prefix = Program.str() + ": ";
  if (llvm::StringRef(Text).startswith(Prefix))
    Text = Text.substr(Prefix.size());
  while (!Text.empty() && (Text.back() == ' ' || Text.back() == '.'))
    Text.pop_back();
  return Text;
}

} // namespace

int parseCommandLine(int Argc, const char **Argv, const char *Overview) {
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "hotpath " << HOTPATH_VERSION << "\n";
  });
  std::string Errors;
  llvm::raw_string_ostream ErrOS(Errors);
  if (llvm::cl::ParseCommandLineOptions(Argc, Argv, Overview, &ErrOS))
    return ExitOk;
  ErrOS.flush();
  return reportError(firstLine(Errors, Argv[0]));
}

OutputOptions::OutputOptions(llvm::cl::OptionCategory &Cat)
    : FormatName("format",
                 llvm::cl::desc("Output format: text (default), json; analyze "
                                "also sarif, github, rdjson, codeclimate, "
                                "markdown, html"),
                 llvm::cl::init("text"), llvm::cl::cat(Cat)),
      OutputPath("o", llvm::cl::desc("Write the report to <file> (atomically)"),
                 llvm::cl::value_desc("file"), llvm::cl::cat(Cat)) {}

std::optional<Format> OutputOptions::format(bool ReportFormats) const {
  std::optional<Format> F = parseFormat(FormatName);
  if (F && !ReportFormats && *F != Format::Text && *F != Format::Json)
    F.reset();
  if (!F)
    reportError("unknown --format '" + FormatName + "' (expected " +
                (ReportFormats ? formatNames() : "text, json") + ")");
  return F;
}

int OutputOptions::write(const std::string &Text) const {
  if (OutputPath.empty()) {
    llvm::outs() << Text;
    llvm::outs().flush();
    return ExitOk;
  }
  if (llvm::Error E = writeFileAtomically(OutputPath, Text))
    return reportError(llvm::toString(std::move(E)));
  return ExitOk;
}

} // namespace hotpath
