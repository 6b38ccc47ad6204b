//===- Frontend.h - libTooling over a compilation database ----------------===//
#ifndef HOTPATH_ANALYZER_FRONTEND_H
#define HOTPATH_ANALYZER_FRONTEND_H

#include "analyzer/ApiCatalog.h"
#include "analyzer/TUContext.h"
#include "model/Finding.h"
#include "model/StaticCallGraph.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hotpath {

/// What to analyse and how.
struct FrontendOptions {
  /// Directory holding compile_commands.json (clang-tidy's -p).
  std::string BuildPath;
  /// Files to analyse; empty: every file of the database.
  std::vector<std::string> Files;
  /// Worker threads; 0 = number of cores.
  unsigned Jobs = 0;
  /// Clang's resource directory (builtin headers such as <stddef.h>).
  std::string ResourceDir;
  /// Project root; empty: defaultProjectRoot() of the database's directory.
  std::string ProjectRoot;
  /// Globs of root-relative paths that are library code (`Exclude:`,
  /// `--exclude`).
  std::vector<std::string> Exclude;
  /// Print "[i/n] file" on stderr as each TU finishes.
  bool Progress = false;
  /// Glob patterns of the qualified names (without parameters) of the
  /// functions where call paths start: the program's entry points, or a
  /// library's API (code-level-missing-inference-mode.EntryPoints).
  std::vector<std::string> EntryPoints = {"main"};
  /// Result cache directory; empty: no cache (analyzer/ResultCache.h).
  std::string CacheDir;
  /// What else results depend on: the tool build and the configuration.
  std::string CacheSalt;
  /// --diff: the changed files (absolute paths). Only the selected TUs
  /// among them are analysed — all selected TUs when a changed header may
  /// be included by any.
  std::optional<std::set<std::string>> Changed;
};

/// The merged result of all translation units.
struct AnalysisResult {
  std::vector<Finding> Findings;
  std::vector<IncompleteFile> Incomplete;
  StaticCallGraph Graph;
  /// Distinct files analysed (a file with several compile commands counts
  /// once), files of those with several commands, and database files not
  /// analysed because they are library code.
  unsigned FilesAnalysed = 0, MultiCommandFiles = 0, FilesSkipped = 0;
  std::string ProjectRoot;
  /// Findings silenced by NOLINT comments (docs/suppression.md).
  unsigned Suppressed = 0;
  /// Unmatched NOLINTBEGIN/NOLINTEND comments: "file:line: message".
  std::vector<std::string> SuppressionProblems;
  /// Translation units whose results came from the cache, and the others.
  unsigned CacheHits = 0, CacheMisses = 0;
  /// Results that could not be stored (an unwritable cache directory).
  unsigned CacheUnwritten = 0;
};

/// Parses every selected TU (in parallel), builds loop facts and the static
/// call graph, runs `Handler` on each TU, and resolves findings that depend
/// on the cross-TU cost of project functions. Fatal problems (no database, a
/// file not in it) are returned as errors naming the file.
llvm::Expected<AnalysisResult> runFrontend(const FrontendOptions &Opts,
                                           const ApiCatalog &Catalog,
                                           const TUHandler &Handler);

/// Analyses one file with explicit compiler arguments (tests, fixtures).
/// `Args` are the arguments after the compiler name, without the file.
llvm::Expected<AnalysisResult>
runFrontendOnFile(const std::string &File, const std::vector<std::string> &Args,
                  const std::string &ProjectRoot,
                  const std::string &ResourceDir, const ApiCatalog &Catalog,
                  const TUHandler &Handler);

/// Runs `Work(I)` for each index of `Order`, on up to `Threads` threads
/// started in that order (in this thread, in order, for one thread or one
/// index). Returns when every call has.
void forEachIndex(const std::vector<size_t> &Order, unsigned Threads,
                  llvm::function_ref<void(size_t)> Work);

/// The resource directory found at build time (`clang -print-resource-dir`).
std::string defaultResourceDir();

} // namespace hotpath

#endif
