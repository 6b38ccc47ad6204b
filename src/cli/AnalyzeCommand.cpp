//===- AnalyzeCommand.cpp - hotpath analyze -------------------------------===//
#include "analyzer/ApiCatalog.h"
#include "analyzer/Config.h"
#include "analyzer/Frontend.h"
#include "analyzer/MergeResults.h"
#include "analyzer/ResultCache.h"
#include "analyzer/python/PyFrontend.h"
#include "attribution/Attribution.h"
#include "cli/Commands.h"
#include "cli/LintStep.h"
#include "ranking/Ranking.h"
#include "report/FixesExport.h"
#include "report/Gate.h"
#include "report/ReportUtil.h"
#include "report/Reporter.h"
#include "rules/Rule.h"
#include "traces/Importer.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

namespace hotpath {

namespace {

/// Stage 1: the configuration, from --config or else the nearest
/// .hotpath.yaml above the first file (or the current directory).
llvm::Expected<Config>
readConfiguration(const std::string &ConfigPath,
                  const std::vector<std::string> &Files) {
  std::string ConfigFile = ConfigPath;
  if (ConfigFile.empty())
    ConfigFile = Config::find(
        Files.empty() ? "." : llvm::sys::path::parent_path(Files.front()));
  if (ConfigFile.empty())
    return Config();
  auto Buffer = llvm::MemoryBuffer::getFile(ConfigFile);
  if (!Buffer)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        ConfigFile +
            ": cannot read configuration: " + Buffer.getError().message());
  return Config::parse((*Buffer)->getBuffer(), ConfigFile);
}

/// Stage 2: the configuration applied to the catalogs (user catalogs), the
/// priority table (overrides) and the rules (options, enabled set).
llvm::Expected<std::vector<std::unique_ptr<Rule>>>
configureAnalysis(const Config &Cfg, ApiCatalog &Catalog,
                  PriorityTable &Table) {
  auto Fail = [](std::string What) -> llvm::Error {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), What);
  };
  for (const std::string &Path : Cfg.Catalogs) {
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer)
      return Fail(Path +
                  ": cannot read catalog: " + Buffer.getError().message());
    if (llvm::Error E = Catalog.addDocument((*Buffer)->getBuffer(), Path))
      return std::move(E);
  }
  for (const auto &[Id, P] : Cfg.Priorities)
    Table.overrideRow(*parseCategory(Id), P.Speedup, P.Effort, P.Priority);
  // Each rule option alone first, so that an error names its line.
  for (const auto &[Key, Value] : Cfg.RuleOptions)
    if (auto One = createAllRules({{Key, Value}}); !One)
      return Fail(Cfg.Path + ":" +
                  std::to_string(Cfg.RuleOptionLines.count(Key)
                                     ? Cfg.RuleOptionLines.at(Key)
                                     : 0) +
                  ": " + llvm::toString(One.takeError()));
  auto AllRules = createAllRules(Cfg.RuleOptions);
  if (!AllRules)
    return Fail(Cfg.Path + ": " + llvm::toString(AllRules.takeError()));
  std::vector<std::unique_ptr<Rule>> Enabled;
  for (auto &Rule : *AllRules)
    if (Cfg.ruleEnabled(Rule->id()))
      Enabled.push_back(std::move(Rule));
  return std::move(Enabled);
}

/// Stage 3 with traces: import them into one profile, attribute every
/// finding's measured share, rank by estimated saving and record the hot
/// path. Returns 0, or the exit code of a trace that cannot be used.
int rankByTraces(const std::vector<std::string> &Paths, AnalysisResult &Result,
                 const PriorityTable &Table, double ColdThreshold, Report &R,
                 Profile &Merged) {
  if (int Rc = importTraces(Paths, /*Symbolize=*/true, Merged, R.Traces))
    return Rc;
  for (const TraceInfo &T : R.Traces)
    if (T.Truncated)
      return reportError(T.Path + ": truncated trace; fix or re-record it "
                                  "before ranking by it");
  AttributionResult A = attribute(Result.Findings, Result.Graph, Merged);
  if (!A.TraceMatchesCode) {
    std::string Traces = Paths.size() == 1 ? " " + Paths.front() : "s";
    R.Warnings.push_back(
        A.TraceMatchesOperators
            ? "no frame of the trace" + Traces +
                  " is a function of the analysed code; findings are "
                  "weighted by the library operations their APIs run as "
                  "(operator evidence)"
            : "no frame of the trace" + Traces +
                  " matches the analysed code (a different program?); "
                  "findings are ranked unmeasured");
  }
  R.Findings = rankMeasured(std::move(Result.Findings), A.PerFinding, Table,
                            ColdThreshold);
  R.ProfileTotal = Merged.total();
  R.ProfileUnit = Merged.unit();
  for (const auto &[Fn, W] : Merged.hotPath())
    R.HotPath.emplace_back(Merged.functions()[Fn].Name,
                           Merged.total() > 0 ? W / Merged.total() : 0);
  return ExitOk;
}

/// The last stage: what stderr says about the run (library files left out,
/// files with several commands, partial files, the cache), and the exit
/// code (docs/ci.md): 1 when a finding trips --fail-on, else 3 when some
/// files were only partly analysed, else 0.
int finishRun(const Report &R, const AnalysisResult &Result,
              const std::string &CacheDir, std::optional<unsigned> FailLevel) {
  if (Result.FilesSkipped)
    llvm::errs() << "hotpath: note: " << Result.FilesSkipped << " file"
                 << (Result.FilesSkipped == 1 ? " of the database is"
                                              : "s of the database are")
                 << " library code (outside " << Result.ProjectRoot
                 << ", vendored, in the build tree or excluded); not "
                    "analysed\n";
  if (Result.MultiCommandFiles)
    llvm::errs() << "hotpath: note: " << Result.MultiCommandFiles << " file"
                 << (Result.MultiCommandFiles == 1 ? " has" : "s have")
                 << " several compile commands; each was analysed and "
                    "identical findings merged\n";
  for (const IncompleteFile &I : R.Incomplete)
    llvm::errs() << "hotpath: warning: " << I.File << ": "
                 << incompleteText(I, /*WithFirstError=*/false) << "\n";
  if (!CacheDir.empty() && Result.CacheHits + Result.CacheMisses)
    llvm::errs() << "hotpath: cache: " << Result.CacheHits << " of "
                 << Result.CacheHits + Result.CacheMisses
                 << " translation units reused from " << CacheDir
                 << (Result.CacheUnwritten
                         ? "; " + std::to_string(Result.CacheUnwritten) +
                               " could not be stored there"
                         : std::string())
                 << "\n";
  if (FailLevel && failsGate(R.Findings, *FailLevel))
    return ExitFindings;
  return R.Incomplete.empty() ? ExitOk : ExitPartial;
}

/// The command line of `hotpath analyze`. Options are members of a local
/// object: no global mutable state outlives the command.
struct AnalyzeArgs {
  llvm::cl::OptionCategory Cat{"hotpath analyze options"};
  llvm::cl::opt<std::string> BuildPath{
      "p",
      llvm::cl::desc("Build directory containing compile_commands.json (C++; "
                     "Python files and directories need none)"),
      llvm::cl::value_desc("build"), llvm::cl::cat(Cat)};
  llvm::cl::list<std::string> Files{
      llvm::cl::Positional,
      llvm::cl::desc("[<file or directory>...] (C++ files of the database; "
                     "Python files, and directories walked for *.py)"),
      llvm::cl::cat(Cat)};
  OutputOptions Output{Cat};
  // Parsed by hand: llvm::cl prints its own error for a bad number, and
  // every error must be one line.
  llvm::cl::opt<std::string> JobsText{
      "j",
      llvm::cl::desc("Translation units analysed in parallel "
                     "(default: number of cores)"),
      llvm::cl::value_desc("N"), llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> ProjectRoot{
      "project-root",
      llvm::cl::desc("Code under this directory is project code (default: "
                     "the git top level above the database, else CMake's "
                     "source directory, else the database's directory)"),
      llvm::cl::cat(Cat)};
  llvm::cl::list<std::string> Excludes{
      "exclude",
      llvm::cl::desc("Treat files matching this glob (relative to the "
                     "project root) as library code; repeatable, adds to "
                     "the configuration's Exclude"),
      llvm::cl::value_desc("glob"), llvm::cl::cat(Cat)};
  llvm::cl::list<std::string> TraceFiles{
      "trace",
      llvm::cl::desc("Profiler trace of the program (repeatable); weights "
                     "every finding by measured time"),
      llvm::cl::value_desc("file"), llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> ColdText{
      "cold-threshold",
      llvm::cl::desc("Findings below this share of profiled time are cold "
                     "(default 0.01)"),
      llvm::cl::value_desc("fraction"), llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> ExportFixes{
      "export-fixes",
      llvm::cl::desc("Write the fix-its to FILE as YAML for "
                     "clang-apply-replacements"),
      llvm::cl::value_desc("FILE"), llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> ConfigPath{
      "config",
      llvm::cl::desc("Read the configuration from FILE (default: the nearest "
                     ".hotpath.yaml above the first file, or the current "
                     "directory)"),
      llvm::cl::value_desc("FILE"), llvm::cl::cat(Cat)};
  llvm::cl::opt<bool> DumpConfig{
      "dump-config",
      llvm::cl::desc("Print the effective configuration and exit"),
      llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> FailOn{
      "fail-on",
      llvm::cl::desc("Exit with 1 when a finding at or above this priority "
                     "remains: critical, high or low"),
      llvm::cl::value_desc("priority"), llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> BaselinePath{
      "baseline",
      llvm::cl::desc("Hide the findings recorded in FILE (--write-baseline)"),
      llvm::cl::value_desc("FILE"), llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> WriteBaselinePath{
      "write-baseline",
      llvm::cl::desc("Record every finding of this run in FILE"),
      llvm::cl::value_desc("FILE"), llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> DiffRev{
      "diff",
      llvm::cl::desc("Analyse only files changed since the git revision REV "
                     "and report only findings on changed lines"),
      llvm::cl::value_desc("REV"), llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> CacheDir{
      "cache-dir",
      llvm::cl::desc("Reuse per-file results stored in DIR (default: "
                     "$XDG_CACHE_HOME/hotpath or ~/.cache/hotpath)"),
      llvm::cl::value_desc("DIR"), llvm::cl::cat(Cat)};
  llvm::cl::opt<bool> NoCache{
      "no-cache", llvm::cl::desc("Neither read nor write the result cache"),
      llvm::cl::cat(Cat)};
  llvm::cl::opt<std::string> ResourceDir{
      "resource-dir", llvm::cl::desc("Clang resource directory"),
      llvm::cl::init(defaultResourceDir()), llvm::cl::cat(Cat)};
};

/// What the options and the configuration decide before the analysis runs,
/// validated: one error line names the option or file that is wrong.
struct RunSettings {
  /// The positional paths, split: C++ files of the database, and Python
  /// files and directories.
  std::vector<std::string> CppFiles, PythonPaths;
  unsigned Jobs = 0;
  double ColdThreshold = 0.01;
  Format Fmt = Format::Text;
  std::optional<unsigned> FailLevel;
  std::optional<Baseline> Known;
  std::optional<GitChanges> Changes;
};

/// Stage 1b: the option values checked and the inputs they name read (the
/// baseline, the git changes). ExitOk, or the exit code after reporting.
int settingsFrom(const AnalyzeArgs &A, const Config &Cfg, RunSettings &S) {
  for (const std::string &F : A.Files)
    (py::isPythonFile(F) || llvm::sys::fs::is_directory(F) ? S.PythonPaths
                                                           : S.CppFiles)
        .push_back(F);
  if (A.BuildPath.empty() && S.PythonPaths.empty())
    return reportError(
        S.CppFiles.empty()
            ? "missing -p BUILD (the directory holding "
              "compile_commands.json) or Python files or directories"
            : S.CppFiles.front() +
                  ": not a Python file or directory, and no -p BUILD "
                  "(the directory holding compile_commands.json) is given");
  if (!A.JobsText.empty() &&
      (llvm::StringRef(A.JobsText).getAsInteger(10, S.Jobs) || S.Jobs == 0))
    return reportError("invalid -j value '" + A.JobsText +
                       "' (expected a positive number)");
  S.ColdThreshold = Cfg.ColdThreshold;
  if (!A.ColdText.empty() &&
      (llvm::StringRef(A.ColdText).getAsDouble(S.ColdThreshold) ||
       S.ColdThreshold < 0 || S.ColdThreshold > 1))
    return reportError("invalid --cold-threshold value '" + A.ColdText +
                       "' (expected a fraction between 0 and 1)");
  std::optional<Format> Fmt = A.Output.format(/*ReportFormats=*/true);
  if (!Fmt)
    return ExitError;
  S.Fmt = *Fmt;
  if (!A.FailOn.empty() && !(S.FailLevel = priorityLevel(A.FailOn)))
    return reportError("invalid --fail-on value '" + A.FailOn +
                       "' (expected critical, high or low)");
  if (!A.BaselinePath.empty()) {
    auto Buffer = llvm::MemoryBuffer::getFile(A.BaselinePath);
    if (!Buffer)
      return reportError(A.BaselinePath + ": cannot read baseline: " +
                         Buffer.getError().message());
    llvm::Expected<Baseline> B =
        readBaseline((*Buffer)->getBuffer(), A.BaselinePath);
    if (!B)
      return reportError(llvm::toString(B.takeError()));
    S.Known = std::move(*B);
  }
  if (!A.DiffRev.empty()) {
    // The repository holding the build directory, else the current one
    // (an out-of-tree build).
    llvm::Expected<GitChanges> C = gitChangesSince(
        A.DiffRev,
        A.BuildPath.empty() ? S.PythonPaths.front() : A.BuildPath.getValue());
    if (!C) {
      llvm::consumeError(C.takeError());
      C = gitChangesSince(A.DiffRev, ".");
    }
    if (!C)
      return reportError(llvm::toString(C.takeError()));
    S.Changes = std::move(*C);
  }
  return ExitOk;
}

/// Stage 3a: what the frontend is asked to analyse, and how.
FrontendOptions frontendOptions(const AnalyzeArgs &A, const Config &Cfg,
                                const RunSettings &S) {
  FrontendOptions Opts;
  Opts.BuildPath = A.BuildPath;
  Opts.Files = S.CppFiles;
  Opts.Jobs = S.Jobs;
  Opts.ResourceDir = A.ResourceDir;
  Opts.ProjectRoot = A.ProjectRoot;
  Opts.Exclude = Cfg.Exclude;
  Opts.Exclude.insert(Opts.Exclude.end(), A.Excludes.begin(), A.Excludes.end());
  if (auto It = Cfg.RuleOptions.find(EntryPointsOption);
      It != Cfg.RuleOptions.end())
    Opts.EntryPoints = llvm::cantFail(parseEntryPoints(It->second));
  Opts.Progress = llvm::sys::Process::StandardErrIsDisplayed();
  if (!A.NoCache) {
    Opts.CacheDir =
        A.CacheDir.empty() ? defaultCacheDirectory() : A.CacheDir.getValue();
    Opts.CacheSalt = cacheSalt(Cfg);
  }
  if (S.Changes) {
    Opts.Changed.emplace();
    for (const auto &[File, Lines] : S.Changes->Lines)
      Opts.Changed->insert(S.Changes->TopLevel + "/" + File);
  }
  return Opts;
}

/// Stage 3b: the C++ frontend over the database (with -p), the Python
/// frontend over the Python paths, one result. Python paths share the C++
/// project root unless --project-root names one.
llvm::Expected<AnalysisResult> runFrontends(const AnalyzeArgs &A,
                                            const RunSettings &S,
                                            const FrontendOptions &Opts,
                                            const ApiCatalog &Catalog,
                                            const RuleSet &Rules) {
  std::optional<AnalysisResult> Cpp;
  if (!A.BuildPath.empty()) {
    llvm::Expected<AnalysisResult> R = runFrontend(Opts, Catalog, Rules);
    if (!R)
      return R.takeError();
    if (S.PythonPaths.empty())
      return R;
    Cpp = std::move(*R);
  }
  py::PyFrontendOptions PyOpts;
  PyOpts.Paths = S.PythonPaths;
  PyOpts.ProjectRoot = !A.ProjectRoot.empty() ? A.ProjectRoot.getValue()
                       : Cpp                  ? Cpp->ProjectRoot
                                              : std::string();
  PyOpts.Exclude = Opts.Exclude;
  PyOpts.Jobs = Opts.Jobs;
  PyOpts.Progress = Opts.Progress;
  PyOpts.Changed = Opts.Changed;
  PyOpts.CacheDir = Opts.CacheDir;
  PyOpts.CacheSalt = Opts.CacheSalt;
  PyOpts.Catalog = &Catalog;
  llvm::Expected<AnalysisResult> Py = py::runPythonFrontend(PyOpts, Rules);
  if (!Py || !Cpp)
    return Py;
  mergeInto(*Cpp, std::move(*Py));
  return std::move(*Cpp);
}

/// Stage 3c: HeaderFilterRegex. Findings in headers are reported only when
/// the header's path matches.
void filterHeaders(AnalysisResult &Result, const Config &Cfg) {
  llvm::Regex HeaderFilter(Cfg.HeaderFilterRegex);
  llvm::erase_if(Result.Findings, [&](const Finding &F) {
    llvm::StringRef Ext = llvm::sys::path::extension(F.Location.File);
    bool Header = Ext.empty() || Ext == ".h" || Ext == ".hh" || Ext == ".hpp" ||
                  Ext == ".hxx" || Ext == ".inc";
    return Header && !HeaderFilter.match(F.Location.File);
  });
}

/// Stage 5, the lint step: record the baseline, then narrow to changed
/// lines and unknown findings; ranks and summaries are of what remains.
int lintStep(const AnalyzeArgs &A, const RunSettings &S, Report &R) {
  if (!A.WriteBaselinePath.empty())
    if (llvm::Error E =
            writeFileAtomically(A.WriteBaselinePath, writeBaseline(R.Findings)))
      return reportError(llvm::toString(std::move(E)));
  if (S.Changes) {
    std::string Prefix;
    llvm::StringRef Root(R.ProjectRoot);
    if (Root.startswith(S.Changes->TopLevel + "/"))
      Prefix = Root.drop_front(S.Changes->TopLevel.size() + 1).str() + "/";
    keepChangedLines(R.Findings, S.Changes->Lines, Prefix);
    R.DiffBase = A.DiffRev;
  }
  if (S.Known)
    R.Baselined = applyBaseline(R.Findings, *S.Known);
  renumber(R.Findings);
  return ExitOk;
}

/// Stage 6: the whole-program summary (measured runs) and what the
/// analysis says about its own coverage.
void summarize(const AnalyzeArgs &A, const RunSettings &S,
               const Profile &Merged, AnalysisResult &Result, Report &R) {
  if (!A.TraceFiles.empty()) {
    R.Covered = coveredShare(R.Findings);
    R.SpeedupTop1 = speedupIfFixed(R.Findings, 1);
    R.SpeedupTop3 = speedupIfFixed(R.Findings, 3);
    R.SpeedupAll = speedupIfFixed(R.Findings, 0);
    if (S.Fmt == Format::Html)
      R.Flame = flameFrames(Merged, R.Findings);
  }
  R.Incomplete = std::move(Result.Incomplete);
  R.FilesAnalysed = Result.FilesAnalysed;
  R.Suppressed = Result.Suppressed;
  R.SuppressionProblems = std::move(Result.SuppressionProblems);
}

} // namespace

int runAnalyzeCommand(int Argc, const char **Argv) {
  AnalyzeArgs A;
  llvm::cl::HideUnrelatedOptions(A.Cat);
  if (int Rc = parseCommandLine(Argc, Argv,
                                "find performance anti-patterns in C++ ML "
                                "code and rank the fixes\n"))
    return Rc;
  llvm::Expected<Config> Read = readConfiguration(
      A.ConfigPath, std::vector<std::string>(A.Files.begin(), A.Files.end()));
  if (!Read)
    return reportError(llvm::toString(Read.takeError()));
  Config Cfg = std::move(*Read);
  if (A.DumpConfig) {
    llvm::outs() << Cfg.dump();
    return ExitOk;
  }
  RunSettings S;
  if (int Rc = settingsFrom(A, Cfg, S))
    return Rc;

  llvm::Expected<ApiCatalog> Catalog = ApiCatalog::loadBuiltin();
  if (!Catalog)
    return reportError(llvm::toString(Catalog.takeError()));
  llvm::Expected<PriorityTable> Table = PriorityTable::loadBuiltin();
  if (!Table)
    return reportError(llvm::toString(Table.takeError()));
  llvm::Expected<std::vector<std::unique_ptr<Rule>>> Enabled =
      configureAnalysis(Cfg, *Catalog, *Table);
  if (!Enabled)
    return reportError(llvm::toString(Enabled.takeError()));
  std::vector<const Rule *> Ran;
  for (const auto &Rule : *Enabled)
    Ran.push_back(Rule.get());
  std::vector<RuleInfo> Infos = ruleInfos(Ran, *Table);

  FrontendOptions Opts = frontendOptions(A, Cfg, S);
  RuleSet Rules(std::move(*Enabled));
  llvm::Expected<AnalysisResult> Result =
      runFrontends(A, S, Opts, *Catalog, Rules);
  if (!Result)
    return reportError(llvm::toString(Result.takeError()));
  filterHeaders(*Result, Cfg);

  Report R;
  R.ToolVersion = HOTPATH_VERSION;
  R.ColdThreshold = S.ColdThreshold;
  R.ProjectRoot = Result->ProjectRoot;
  R.Rules = std::move(Infos);
  Profile Merged;
  if (A.TraceFiles.empty())
    R.Findings = rankUnmeasured(std::move(Result->Findings), *Table);
  else if (int Rc = rankByTraces(std::vector<std::string>(A.TraceFiles.begin(),
                                                          A.TraceFiles.end()),
                                 *Result, *Table, S.ColdThreshold, R, Merged))
    return Rc;
  if (int Rc = lintStep(A, S, R))
    return Rc;
  summarize(A, S, Merged, *Result, R);
  if (int Rc = A.Output.write(render(R, S.Fmt)))
    return Rc;
  llvm::SmallString<256> BuildDir(A.BuildPath);
  llvm::sys::fs::make_absolute(BuildDir);
  if (!A.ExportFixes.empty())
    if (llvm::Error E = writeFileAtomically(
            A.ExportFixes, renderFixesYaml(R, std::string(BuildDir))))
      return reportError(A.ExportFixes + ": " + llvm::toString(std::move(E)));
  return finishRun(R, *Result, Opts.CacheDir, S.FailLevel);
}

} // namespace hotpath
