//===- TraceCommand.cpp - hotpath trace -----------------------------------===//
#include "cli/Commands.h"
#include "report/Reporter.h"
#include "report/TraceReport.h"
#include "traces/Importer.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace hotpath {

int importTraces(const std::vector<std::string> &Paths, bool Symbolize,
                 Profile &Merged, std::vector<TraceInfo> &Infos) {
  ImportOptions Opts;
  Opts.Symbolize = Symbolize;
  for (const std::string &Path : Paths) {
    llvm::Expected<ImportedTrace> T = importTrace(Path, Opts);
    if (!T)
      return reportError(llvm::toString(T.takeError()));
    Infos.push_back({Path, T->Format, T->P.total(), T->P.unit(), T->P.stats(),
                     T->P.events(), T->Truncated});
    if (llvm::Error E = Merged.merge(T->P))
      return reportError(Path + ": " + llvm::toString(std::move(E)));
  }
  Merged.finalize();
  if (llvm::Error E = Merged.checkValid())
    return reportError(llvm::toString(std::move(E)));
  return ExitOk;
}

int runTraceCommand(int Argc, const char **Argv) {
  llvm::cl::OptionCategory Cat("hotpath trace options");
  llvm::cl::list<std::string> Files(
      llvm::cl::Positional, llvm::cl::desc("<trace>..."), llvm::cl::cat(Cat));
  OutputOptions Output(Cat);
  llvm::cl::opt<std::string> TopText(
      "top",
      llvm::cl::desc("Rows per table (text: default 20; json: default all)"),
      llvm::cl::value_desc("N"), llvm::cl::cat(Cat));
  llvm::cl::opt<bool> NoSymbolize(
      "no-symbolize",
      llvm::cl::desc("Do not read source lines from the binaries' DWARF"),
      llvm::cl::cat(Cat));
  llvm::cl::HideUnrelatedOptions(Cat);
  if (int Rc = parseCommandLine(Argc, Argv,
                                "summarise what profiler traces measured\n"))
    return Rc;
  if (Files.empty())
    return reportError("no trace given (usage: hotpath trace FILE...)");
  // Without --top, text shows the 20 hottest rows per table and json
  // everything.
  std::optional<unsigned> Top;
  if (!TopText.empty()) {
    unsigned N = 0;
    if (llvm::StringRef(TopText).getAsInteger(10, N) || N == 0)
      return reportError("invalid --top value '" + TopText +
                         "' (expected a positive number)");
    Top = N;
  }
  std::optional<Format> Fmt = Output.format(/*ReportFormats=*/false);
  if (!Fmt)
    return ExitError;

  Profile Merged;
  std::vector<TraceInfo> Sources;
  if (int Rc = importTraces(Files, !NoSymbolize, Merged, Sources))
    return Rc;
  std::string Text = *Fmt == Format::Json
                         ? renderTraceJson(Sources, Merged, Top)
                         : renderTraceText(Sources, Merged, Top.value_or(20));
  if (int Rc = Output.write(Text))
    return Rc;
  int Rc = ExitOk;
  for (const TraceInfo &S : Sources)
    for (const auto &[Key, E] : S.Stats.entries())
      if (Key.second == TruncatedKind) {
        reportError(S.Path + ": truncated input at " + E.FirstAt +
                    "; results are partial");
        Rc = ExitError;
      }
  return Rc;
}

} // namespace hotpath
