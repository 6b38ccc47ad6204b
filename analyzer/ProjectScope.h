//===- ProjectScope.h - Which code is the project's own -------------------===//
#ifndef HOTPATH_ANALYZER_PROJECTSCOPE_H
#define HOTPATH_ANALYZER_PROJECTSCOPE_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/GlobPattern.h"

#include <memory>
#include <string>
#include <vector>

namespace clang {
class SourceManager;
}

namespace hotpath {

/// What counts as project code (docs/architecture.md, "Project scope").
struct ScopeOptions {
  /// The project root (absolute).
  std::string Root;
  /// The build directory when it lies inside the root: its files
  /// (generated code, FetchContent's `_deps/`) are library code.
  std::string BuildDir;
  /// Glob patterns of paths relative to the root (`*` also matches `/`)
  /// that are library code (`Exclude:`, `--exclude`).
  std::vector<std::string> Exclude;
};

/// Directory names that hold vendored or fetched third-party trees: a path
/// under the root with one of them as a component is library code.
extern const char *const VendoredDirectoryNames[];

/// The default project root of a compilation database in `DbDir`: the git
/// top level above it, else the source directory CMake recorded in
/// `DbDir/CMakeCache.txt`, else `DbDir` when it holds some of `Files`, else
/// the longest common directory of `Files`.
std::string defaultProjectRoot(llvm::StringRef DbDir,
                               const std::vector<std::string> &Files);

/// Project code is code in a file under the project root that is not a
/// system header, not in a vendored tree, not in the build directory and
/// not excluded. Everything else (libtorch, FAISS, the standard library,
/// googletest in `build/_deps`, anything included with -isystem) is library
/// code: never traversed, and its function bodies are skipped while parsing.
class ProjectScope {
public:
  /// Fails on an invalid exclude glob, naming it.
  static llvm::Expected<ProjectScope> create(ScopeOptions Options);
  explicit ProjectScope(std::string Root);

  const std::string &root() const { return Opts.Root; }
  const ScopeOptions &options() const { return Opts; }
  bool isProjectPath(llvm::StringRef AbsolutePath) const;
  /// Memoised per FileID; not thread-safe, use one scope per TU.
  bool isProjectLocation(const clang::SourceManager &SM,
                         clang::SourceLocation Loc);
  /// `Path` relative to the root when it is inside it, else unchanged.
  std::string relativePath(llvm::StringRef Path) const;

private:
  ProjectScope() = default;
  bool underRoot(llvm::StringRef Path) const;

  ScopeOptions Opts;
  std::vector<std::shared_ptr<llvm::GlobPattern>> Excludes;
  llvm::DenseMap<unsigned, bool> Cache;
};

} // namespace hotpath

#endif
