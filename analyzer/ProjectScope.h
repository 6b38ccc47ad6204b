//===- ProjectScope.h - Which code is the project's own -------------------===//
#ifndef HOTPATH_ANALYZER_PROJECTSCOPE_H
#define HOTPATH_ANALYZER_PROJECTSCOPE_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace clang {
class SourceManager;
}

namespace hotpath {

/// Project code is code in a file under the project root that is not a
/// system header. Everything else (libtorch, FAISS, the standard library,
/// anything included with -isystem) is library code: never traversed, and
/// its function bodies are skipped while parsing.
class ProjectScope {
public:
  explicit ProjectScope(std::string Root);

  const std::string &root() const { return Root; }
  bool isProjectPath(llvm::StringRef AbsolutePath) const;
  /// Memoised per FileID; not thread-safe, use one scope per TU.
  bool isProjectLocation(const clang::SourceManager &SM,
                         clang::SourceLocation Loc);
  /// `Path` relative to the root when it is inside it, else unchanged.
  std::string relativePath(llvm::StringRef Path) const;

private:
  std::string Root;
  llvm::DenseMap<unsigned, bool> Cache;
};

} // namespace hotpath

#endif
