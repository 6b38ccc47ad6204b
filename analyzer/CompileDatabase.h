//===- CompileDatabase.h - compile_commands.json, read and checked --------===//
//
// The compilation database comes from the user's build, or from a CI
// artifact: it is read as untrusted text (docs/fuzzing.md). Loading checks
// that it is a JSON array before LLVM's reader sees it, lists each file once,
// and turns each command into the arguments hotpath runs Clang with.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_COMPILEDATABASE_H
#define HOTPATH_ANALYZER_COMPILEDATABASE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tooling {
class JSONCompilationDatabase;
} // namespace clang::tooling

namespace hotpath {

/// One compile command of one file.
struct CompileJob {
  std::string File; ///< absolute
  std::string Directory;
  std::vector<std::string> CommandLine;
};

class CompileDatabase {
public:
  /// `BuildPath`/compile_commands.json. Errors name the file: missing, not
  /// a regular file, not a JSON array, unreadable commands.
  static llvm::Expected<CompileDatabase> load(llvm::StringRef BuildPath);
  /// The same from text; `Path` names it in errors.
  static llvm::Expected<CompileDatabase> parse(llvm::StringRef Text,
                                               llvm::StringRef Path);
  CompileDatabase(CompileDatabase &&);
  CompileDatabase &operator=(CompileDatabase &&);
  ~CompileDatabase();

  const std::string &path() const { return Path; }
  /// Absolute, without dots, sorted, each once.
  const std::vector<std::string> &files() const { return Files; }
  bool contains(const std::string &AbsoluteFile) const;
  /// Every command of `File` (FAISS compiles each file generic and with
  /// AVX2); an error naming the database when it has none.
  llvm::Expected<std::vector<CompileJob>>
  jobsFor(const std::string &File) const;

private:
  CompileDatabase() = default;
  std::string Path;
  std::unique_ptr<clang::tooling::JSONCompilationDatabase> Db;
  std::vector<std::string> Files;
};

/// `Path` made absolute against `Base` (default: the working directory),
/// "." and ".." removed.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base = "");

/// The command line hotpath runs for `File`: GCC-only flags dropped (Clang
/// refuses a whole command for one), syntax only, no output or dependency
/// files, Clang's diagnostics quiet (hotpath reports errors itself), and
/// `ResourceDir` unless the command names one.
std::vector<std::string> compilerArguments(std::vector<std::string> Args,
                                           const std::string &File,
                                           const std::string &ResourceDir);

} // namespace hotpath

#endif
