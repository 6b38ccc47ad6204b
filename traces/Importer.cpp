//===- Importer.cpp - Registration and detection --------------------------===//
#include "traces/Importer.h"
#include "traces/callgrind/CallgrindImporter.h"
#include "traces/chrome_json/ChromeJsonImporter.h"
#include "traces/folded/FoldedImporter.h"
#include "traces/line_profiler/LineProfilerImporter.h"
#include "traces/perf_data/PerfDataImporter.h"
#include "traces/perf_script/PerfScriptImporter.h"
#include "traces/pprof/PprofImporter.h"
#include "traces/pstats/PstatsImporter.h"
#include "traces/scalene/ScaleneImporter.h"
#include "traces/speedscope/SpeedscopeImporter.h"

namespace hotpath {

Importer::~Importer() = default;

std::vector<std::unique_ptr<Importer>>
createImporters(const ImportOptions &Opts) {
  std::vector<std::unique_ptr<Importer>> All;
  // Most specific first: JSON has an unmistakable first byte, perf script a
  // sample header, folded stacks accept almost any "text N" line.
  All.push_back(std::make_unique<PerfDataImporter>(Opts.Symbolize));
  All.push_back(std::make_unique<PstatsImporter>());
  All.push_back(std::make_unique<LineProfilerImporter>());
  All.push_back(std::make_unique<PprofImporter>());
  All.push_back(std::make_unique<CallgrindImporter>());
  All.push_back(std::make_unique<ScaleneImporter>());
  All.push_back(std::make_unique<SpeedscopeImporter>());
  All.push_back(std::make_unique<ChromeJsonImporter>());
  All.push_back(std::make_unique<PerfScriptImporter>(Opts.Symbolize));
  All.push_back(std::make_unique<FoldedImporter>());
  return All;
}

llvm::Expected<ImportedTrace> importTrace(const std::string &Path,
                                          const ImportOptions &Opts) {
  llvm::Expected<std::unique_ptr<InputFile>> In = InputFile::open(Path);
  if (!In)
    return In.takeError();
  return importTrace(std::move(*In), Opts);
}

llvm::Expected<ImportedTrace> importTrace(std::unique_ptr<InputFile> In,
                                          const ImportOptions &Opts,
                                          llvm::StringRef Only) {
  std::string Path = In->path();
  llvm::StringRef Prefix = In->prefix();
  if (Prefix.trim().empty())
    return traceError(Path, "empty file");
  for (const auto &Imp : createImporters(Opts)) {
    if (Only.empty() ? !Imp->sniff(Prefix, Path) : Imp->format() != Only)
      continue;
    ImportedTrace T;
    T.Path = Path;
    T.Format = Imp->format().str();
    if (llvm::Error E = Imp->import(*In, T.P))
      return std::move(E);
    T.P.finalize();
    if (llvm::Error E = T.P.checkValid())
      return traceError(Path, llvm::toString(std::move(E)));
    for (const auto &[Key, Entry] : T.P.stats().entries())
      T.Truncated |= Key.second == TruncatedKind;
    return std::move(T);
  }
  return traceError(
      Path,
      "unknown trace format (expected perf script, perf.data, "
      "folded stacks, Chrome/Kineto JSON, callgrind, pstats, line_profiler, "
      "Scalene JSON, speedscope or pprof)");
}

} // namespace hotpath
