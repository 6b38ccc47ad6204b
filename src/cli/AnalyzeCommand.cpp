//===- AnalyzeCommand.cpp - hotpath analyze -------------------------------===//
#include "analyzer/ApiCatalog.h"
#include "analyzer/Frontend.h"
#include "cli/Commands.h"
#include "ranking/Ranking.h"
#include "report/Reporter.h"
#include "rules/Rule.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace hotpath {

int runAnalyzeCommand(int Argc, const char **Argv) {
  // Options are locals: no global mutable state outlives the command.
  llvm::cl::OptionCategory Cat("hotpath analyze options");
  llvm::cl::opt<std::string> BuildPath(
      "p", llvm::cl::desc("Build directory containing compile_commands.json"),
      llvm::cl::value_desc("build"), llvm::cl::cat(Cat));
  llvm::cl::list<std::string> Files(
      llvm::cl::Positional, llvm::cl::desc("[<file>...]"), llvm::cl::cat(Cat));
  llvm::cl::opt<std::string> FormatName(
      "format", llvm::cl::desc("Output format: text (default) or json"),
      llvm::cl::init("text"), llvm::cl::cat(Cat));
  llvm::cl::opt<std::string> OutputPath(
      "o", llvm::cl::desc("Write the report to <file> (atomically)"),
      llvm::cl::value_desc("file"), llvm::cl::cat(Cat));
  // Parsed by hand: llvm::cl prints its own error for a bad number, and
  // every error must be one line.
  llvm::cl::opt<std::string> JobsText(
      "j",
      llvm::cl::desc("Translation units analysed in parallel "
                     "(default: number of cores)"),
      llvm::cl::value_desc("N"), llvm::cl::cat(Cat));
  llvm::cl::opt<std::string> ProjectRoot(
      "project-root",
      llvm::cl::desc("Code under this directory is project code (default: "
                     "common directory of the database's files)"),
      llvm::cl::cat(Cat));
  llvm::cl::opt<std::string> ResourceDir(
      "resource-dir", llvm::cl::desc("Clang resource directory"),
      llvm::cl::init(defaultResourceDir()), llvm::cl::cat(Cat));
  llvm::cl::HideUnrelatedOptions(Cat);
  if (int Rc = parseCommandLine(Argc, Argv,
                                "find performance anti-patterns in C++ ML "
                                "code and rank the fixes\n"))
    return Rc;
  if (BuildPath.empty())
    return reportError("missing -p BUILD (the directory holding "
                       "compile_commands.json)");
  unsigned Jobs = 0;
  if (!JobsText.empty() &&
      (llvm::StringRef(JobsText).getAsInteger(10, Jobs) || Jobs == 0))
    return reportError("invalid -j value '" + JobsText +
                       "' (expected a positive number)");
  std::optional<Format> Fmt = parseFormat(FormatName);
  if (!Fmt)
    return reportError("unknown --format '" + FormatName + "' (expected " +
                       formatNames() + ")");

  llvm::Expected<ApiCatalog> Catalog = ApiCatalog::loadBuiltin();
  if (!Catalog)
    return reportError(llvm::toString(Catalog.takeError()));
  llvm::Expected<PriorityTable> Table = PriorityTable::loadBuiltin();
  if (!Table)
    return reportError(llvm::toString(Table.takeError()));

  FrontendOptions Opts;
  Opts.BuildPath = BuildPath;
  Opts.Files.assign(Files.begin(), Files.end());
  Opts.Jobs = Jobs;
  Opts.ResourceDir = ResourceDir;
  Opts.ProjectRoot = ProjectRoot;
  Opts.Progress = llvm::sys::Process::StandardErrIsDisplayed();
  RuleSet Rules(createAllRules());
  llvm::Expected<AnalysisResult> Result = runFrontend(Opts, *Catalog, Rules);
  if (!Result)
    return reportError(llvm::toString(Result.takeError()));

  Report R;
  R.ToolVersion = HOTPATH_VERSION;
  R.Findings = rankUnmeasured(std::move(Result->Findings), *Table);
  R.Incomplete = std::move(Result->Incomplete);
  R.FilesAnalysed = Result->FilesAnalysed;
  std::string Text = render(R, *Fmt);
  if (OutputPath.empty()) {
    llvm::outs() << Text;
    llvm::outs().flush();
  } else if (llvm::Error E = writeFileAtomically(OutputPath, Text)) {
    return reportError(llvm::toString(std::move(E)));
  }
  for (const IncompleteFile &I : R.Incomplete)
    llvm::errs() << "hotpath: error: " << I.File << ": " << I.CompileErrors
                 << " compile errors; results for " << I.File
                 << " may be incomplete\n";
  return R.Incomplete.empty() ? ExitOk : ExitError;
}

} // namespace hotpath
