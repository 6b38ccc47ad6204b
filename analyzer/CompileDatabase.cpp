//===- CompileDatabase.cpp ------------------------------------------------===//
#include "analyzer/CompileDatabase.h"

#include "clang/Driver/Options.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>

namespace hotpath {

namespace {

llvm::Error databaseError(llvm::StringRef Path, const std::string &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "%s: cannot read compilation database: %s",
                                 Path.str().c_str(), What.c_str());
}

/// Drops arguments Clang's driver does not know (GCC-only flags such as
/// -fipa-pta in a database written for g++), as clangd does.
std::vector<std::string> dropUnknownArguments(std::vector<std::string> Args) {
  if (Args.size() < 2)
    return Args;
  std::vector<const char *> Raw;
  for (size_t I = 1; I < Args.size(); ++I)
    Raw.push_back(Args[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed = clang::driver::getDriverOptTable().ParseArgs(
      Raw, MissingIndex, MissingCount);
  std::set<std::string> Unknown;
  for (const llvm::opt::Arg *A :
       Parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    Unknown.insert(A->getAsString(Parsed));
  if (Unknown.empty())
    return Args;
  std::vector<std::string> Kept = {Args.front()};
  for (size_t I = 1; I < Args.size(); ++I)
    if (!Unknown.count(Args[I]))
      Kept.push_back(Args[I]);
  return Kept;
}

} // namespace

CompileDatabase::CompileDatabase(CompileDatabase &&) = default;
CompileDatabase &CompileDatabase::operator=(CompileDatabase &&) = default;
CompileDatabase::~CompileDatabase() = default;

llvm::Expected<CompileDatabase>
CompileDatabase::load(llvm::StringRef BuildPath) {
  llvm::SmallString<256> Path(BuildPath);
  llvm::sys::path::append(Path, "compile_commands.json");
  llvm::sys::fs::file_status Status;
  if (llvm::sys::fs::status(Path, Status))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: no compilation database (run cmake "
                                   "with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)",
                                   Path.c_str());
  if (Status.type() != llvm::sys::fs::file_type::regular_file)
    return databaseError(Path, "not a regular file");
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return databaseError(Path, Buffer.getError().message());
  return parse((*Buffer)->getBuffer(), Path);
}

llvm::Expected<CompileDatabase> CompileDatabase::parse(llvm::StringRef Text,
                                                       llvm::StringRef Path) {
  // Validate first: LLVM's YAML-based reader prints its own multi-line
  // message on malformed input.
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return databaseError(Path, llvm::toString(V.takeError()));
  if (!V->getAsArray())
    return databaseError(Path, "expected a JSON array of compile commands");
  std::string Err;
  CompileDatabase Out;
  Out.Path = Path.str();
  Out.Db = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
      Text, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Out.Db)
    return databaseError(Path, Err);
  for (const std::string &F : Out.Db->getAllFiles())
    Out.Files.push_back(absolutePath(F));
  std::sort(Out.Files.begin(), Out.Files.end());
  Out.Files.erase(std::unique(Out.Files.begin(), Out.Files.end()),
                  Out.Files.end());
  return std::move(Out);
}

bool CompileDatabase::contains(const std::string &AbsoluteFile) const {
  return std::binary_search(Files.begin(), Files.end(), AbsoluteFile);
}

llvm::Expected<std::vector<CompileJob>>
CompileDatabase::jobsFor(const std::string &File) const {
  std::vector<CompileJob> Jobs;
  for (clang::tooling::CompileCommand &Cmd : Db->getCompileCommands(File))
    Jobs.push_back(
        {File, std::move(Cmd.Directory), std::move(Cmd.CommandLine)});
  if (Jobs.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: no compile command in %s", File.c_str(),
                                   Path.c_str());
  return Jobs;
}

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    if (!Base.empty()) {
      llvm::SmallString<256> B(Base);
      llvm::sys::path::append(B, P);
      P = B;
    } else {
      llvm::sys::fs::make_absolute(P);
    }
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P.str());
}

std::vector<std::string> compilerArguments(std::vector<std::string> Args,
                                           const std::string &File,
                                           const std::string &ResourceDir) {
  if (Args.empty())
    return Args;
  Args = dropUnknownArguments(std::move(Args));
  Args = clang::tooling::getClangSyntaxOnlyAdjuster()(Args, File);
  Args = clang::tooling::getClangStripOutputAdjuster()(Args, File);
  Args = clang::tooling::getClangStripDependencyFileAdjuster()(Args, File);
  bool HasResourceDir = false;
  for (const std::string &A : Args)
    HasResourceDir |= llvm::StringRef(A).startswith("-resource-dir");
  // -fno-caret-diagnostics also stops the "N errors generated" line: our
  // own consumer reports errors.
  std::vector<std::string> Extra = {"-fno-caret-diagnostics",
                                    "-Wno-unknown-warning-option",
                                    "-Wno-unused-command-line-argument"};
  if (!HasResourceDir && !ResourceDir.empty())
    Extra.push_back("-resource-dir=" + ResourceDir);
  Args.insert(Args.begin() + 1, Extra.begin(), Extra.end());
  return Args;
}

} // namespace hotpath
