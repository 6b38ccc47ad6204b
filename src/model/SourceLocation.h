//===- SourceLocation.h - Project-relative source positions ---------------===//
#ifndef HOTPATH_MODEL_SOURCELOCATION_H
#define HOTPATH_MODEL_SOURCELOCATION_H

#include <string>
#include <tuple>

namespace hotpath {

/// A position in a project file; `File` is project-relative when it can be.
struct SourceLocation {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;

  friend bool operator<(const SourceLocation &A, const SourceLocation &B) {
    return std::tie(A.File, A.Line, A.Column) <
           std::tie(B.File, B.Line, B.Column);
  }
  friend bool operator==(const SourceLocation &A, const SourceLocation &B) {
    return std::tie(A.File, A.Line, A.Column) ==
           std::tie(B.File, B.Line, B.Column);
  }
};

/// An inclusive line range inside one file (a loop, a function body).
struct LineRange {
  unsigned Begin = 0;
  unsigned End = 0;
  bool contains(unsigned Line) const { return Line >= Begin && Line <= End; }
};

} // namespace hotpath

#endif
