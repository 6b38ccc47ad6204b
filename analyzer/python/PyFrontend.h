//===- PyFrontend.h - Analyse Python files without a compile database -----===//
//
// `hotpath analyze src/ train.py`: every `.py` file named, and every one under
// a named directory (virtualenvs, site-packages, build, vendored and excluded
// trees skipped), parsed with tree-sitter and handed to the rules. A syntax
// error is reported like a C++ compile error: the rest of the file is still
// analysed, and its results are marked partial.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_PYTHON_PYFRONTEND_H
#define HOTPATH_ANALYZER_PYTHON_PYFRONTEND_H

#include "analyzer/Frontend.h"
#include "analyzer/python/PyContext.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hotpath::py {

struct PyFrontendOptions {
  /// Files and directories, as given.
  std::vector<std::string> Paths;
  /// Project root; empty: the git top level above the first path, else its
  /// directory.
  std::string ProjectRoot;
  std::vector<std::string> Exclude;
  unsigned Jobs = 0;
  bool Progress = false;
  /// --diff: only these files (absolute paths).
  std::optional<std::set<std::string>> Changed;
  /// Result cache directory; empty: no cache. Salt as for C++
  /// (FrontendOptions::CacheSalt).
  std::string CacheDir;
  std::string CacheSalt;
  /// The API catalogs (calibrated Python speedups); null: none.
  const ApiCatalog *Catalog = nullptr;
};

/// Files larger than this are not parsed (reported as not analysed).
constexpr size_t MaxFileBytes = size_t(64) << 20;

/// Whether `Path` names a Python source file (`.py`, `.pyi`).
bool isPythonFile(llvm::StringRef Path);

/// The Python files `Paths` name, absolute and sorted. A directory is
/// walked; a directory that is a virtualenv (has pyvenv.cfg), or named
/// site-packages, dist-packages, __pycache__, node_modules, .git, .tox,
/// .nox, build, dist, or *.egg-info, or library code by `Scope`, is skipped.
/// A named path that does not exist is an error naming it.
llvm::Expected<std::vector<std::string>>
findPythonFiles(const std::vector<std::string> &Paths,
                const ProjectScope &Scope, unsigned &Skipped);

/// Parses and analyses the files; never fails on a file's content.
llvm::Expected<AnalysisResult> runPythonFrontend(const PyFrontendOptions &Opts,
                                                 const PyHandler &Handler);

} // namespace hotpath::py

#endif
