//===- PyFrontend.cpp -----------------------------------------------------===//
#include "analyzer/python/PyFrontend.h"
#include "analyzer/CompileDatabase.h"
#include "analyzer/MergeResults.h"
#include "analyzer/ProjectScope.h"
#include "analyzer/ResultCache.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <mutex>

#include <cerrno>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace hotpath::py {

namespace {

bool skippedDirectory(llvm::StringRef Dir) {
  llvm::StringRef Name = llvm::sys::path::filename(Dir);
  if (Name == "site-packages" || Name == "dist-packages" ||
      Name == "__pycache__" || Name == "node_modules" || Name == ".git" ||
      Name == ".hg" || Name == ".svn" || Name == ".tox" || Name == ".nox" ||
      Name == ".venv" || Name == "build" || Name == "dist" ||
      Name == ".mypy_cache" || Name == ".eggs" || Name.endswith(".egg-info"))
    return true;
  llvm::SmallString<256> Cfg(Dir);
  llvm::sys::path::append(Cfg, "pyvenv.cfg");
  return llvm::sys::fs::exists(Cfg);
}

/// Whether tree-sitter parses `Source` without corrupting its heap, tried in
/// a child process. Needed only for inputs of 65 536 tokens or more: below
/// that no node can have the children that tree-sitter 0.20.7's 16-bit count
/// wraps on, and error recovery over such a node frees a pointer malloc
/// never returned — inside the parse, where no check after it can help
/// (docs/python.md, "Parser"). False with the reason in `Why` when the
/// child crashed (refused) or gave no tree (past its budget: not repeated
/// here).
bool parsesSafely(const std::string &Source, std::string &Why) {
  if (Source.size() < (size_t(1) << 16) ||
      Tree::tokenBound(Source) < (size_t(1) << 16))
    return true;
  pid_t Child = fork();
  if (Child < 0)
    return true; // no process to spare: parse as usual
  if (Child == 0) {
    // glibc's report of the bad free is not ours to print.
    setenv("LIBC_FATAL_STDERR_", "1", 1);
    int Null = open("/dev/null", O_WRONLY);
    if (Null >= 0)
      dup2(Null, 2);
    // The parse budget bounds the parse; the alarm, anything after it.
    alarm(static_cast<unsigned>(
        Tree::parseBudgetMicros(Source.size()) / 1'000'000 + 30));
    // A parse that returns is safe to repeat, except one past its budget
    // (3): that would only spend the budget again. Other refusals
    // (nesting) are quick and give their own reason in the parent.
    std::string Problem;
    bool Parsed = Tree::parse(Source, &Problem) != nullptr;
    _exit(!Parsed && Problem == Tree::TimeoutError ? 3 : 0);
  }
  int Status = 0;
  while (waitpid(Child, &Status, 0) < 0)
    if (errno != EINTR) {
      Why = Tree::TooLargeError;
      return false;
    }
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 0)
    return true;
  Why = WIFEXITED(Status) && WEXITSTATUS(Status) == 3 ? Tree::TimeoutError
                                                      : Tree::TooLargeError;
  return false;
}

/// Analyses one parsed file into `Out` (whose File is set).
void analyseFile(const Tree &Parsed, const ProjectClasses &Classes,
                 const PyHandler &Handler, TUResult &Out) {
  std::vector<SyntaxError> Errors = Parsed.errors();
  if (!Errors.empty()) {
    Out.Errors.CompileErrors = static_cast<unsigned>(Errors.size());
    Out.Errors.FirstError =
        Out.Errors.File + ":" + std::to_string(Errors.front().Line) + ":" +
        std::to_string(Errors.front().Column) + ": " + Errors.front().Message;
  }
  ModuleFacts Facts(Parsed, Classes);
  PyContext Ctx(Facts, Out.Errors.File);
  Handler.handlePython(Ctx, Out.Sink);
  Out.Ran = true;
}

} // namespace

bool isPythonFile(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return Ext == ".py" || Ext == ".pyi";
}

llvm::Expected<std::vector<std::string>>
findPythonFiles(const std::vector<std::string> &Paths,
                const ProjectScope &Scope, unsigned &Skipped) {
  std::vector<std::string> Out;
  for (const std::string &Given : Paths) {
    std::string Abs = absolutePath(Given);
    llvm::sys::fs::file_status St;
    if (llvm::sys::fs::status(Abs, St))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s: no such file or directory",
                                     Given.c_str());
    if (St.type() == llvm::sys::fs::file_type::regular_file) {
      if (!isPythonFile(Abs))
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "%s: not a Python file (C++ files are analysed with -p BUILD)",
            Given.c_str());
      if (Scope.isProjectPath(Abs))
        Out.push_back(Abs);
      else
        ++Skipped;
      continue;
    }
    if (St.type() != llvm::sys::fs::file_type::directory_file)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s: not a file or a directory",
                                     Given.c_str());
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(Abs, EC), End;
         It != End && !EC; It.increment(EC)) {
      const std::string &P = It->path();
      llvm::ErrorOr<llvm::sys::fs::basic_file_status> S = It->status();
      if (!S)
        continue;
      if (S->type() == llvm::sys::fs::file_type::directory_file) {
        if (P != Abs && (skippedDirectory(P) || !Scope.isProjectPath(P + "/x")))
          It.no_push();
        continue;
      }
      if (S->type() != llvm::sys::fs::file_type::regular_file ||
          !isPythonFile(P))
        continue;
      if (Scope.isProjectPath(P))
        Out.push_back(P);
      else
        ++Skipped;
    }
    if (EC)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s: cannot list: %s", Given.c_str(),
                                     EC.message().c_str());
  }
  std::sort(Out.begin(), Out.end());
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return Out;
}

llvm::Expected<AnalysisResult> runPythonFrontend(const PyFrontendOptions &Opts,
                                                 const PyHandler &Handler) {
  ScopeOptions Scoping;
  if (!Opts.ProjectRoot.empty()) {
    Scoping.Root = absolutePath(Opts.ProjectRoot);
  } else {
    std::string First = absolutePath(Opts.Paths.front());
    std::string Dir = llvm::sys::fs::is_directory(First)
                          ? First
                          : llvm::sys::path::parent_path(First).str();
    Scoping.Root = defaultProjectRoot(Dir, {First});
  }
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Scoping.Root, Real))
    Scoping.Root = std::string(Real.str());
  Scoping.Exclude = Opts.Exclude;
  llvm::Expected<ProjectScope> Scope = ProjectScope::create(Scoping);
  if (!Scope)
    return Scope.takeError();
  unsigned Skipped = 0;
  llvm::Expected<std::vector<std::string>> Files =
      findPythonFiles(Opts.Paths, *Scope, Skipped);
  if (!Files)
    return Files.takeError();
  if (Opts.Changed)
    llvm::erase_if(
        *Files, [&](const std::string &F) { return !Opts.Changed->count(F); });

  // Parse every file first: class hierarchies cross files (a project model
  // class derives from another file's nn.Module subclass).
  std::vector<std::unique_ptr<Tree>> Trees(Files->size());
  std::vector<TUResult> Results(Files->size());
  auto Parse = [&](size_t I) {
    const std::string &Path = (*Files)[I];
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
        llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    Results[I].Errors.File = Scope->relativePath(Path);
    if (!Buffer) {
      Results[I].Errors.FirstError =
          "cannot open: " + Buffer.getError().message();
      return;
    }
    if ((*Buffer)->getBufferSize() > MaxFileBytes) {
      Results[I].Errors.FirstError =
          "larger than " + std::to_string(MaxFileBytes >> 20) + " MiB";
      return;
    }
    std::string Source = (*Buffer)->getBuffer().str();
    if (std::string Why; !parsesSafely(Source, Why)) {
      Results[I].Errors.FirstError = Why;
      return;
    }
    std::string Problem;
    Trees[I] = Tree::parse(std::move(Source), &Problem);
    if (!Trees[I])
      Results[I].Errors.FirstError = Problem;
  };
  unsigned Threads = Opts.Jobs
                         ? Opts.Jobs
                         : llvm::hardware_concurrency().compute_thread_count();
  auto ForEach = [&](auto Work) {
    if (Threads <= 1 || Files->size() <= 1) {
      for (size_t I = 0; I < Files->size(); ++I)
        Work(I);
      return;
    }
    llvm::ThreadPool Pool(llvm::hardware_concurrency(Threads));
    for (size_t I = 0; I < Files->size(); ++I)
      Pool.async([&Work, I] { Work(I); });
    Pool.wait();
  };
  ForEach(Parse);
  ProjectClasses Classes;
  for (const std::unique_ptr<Tree> &T : Trees)
    if (T)
      Classes.add(*T);
  std::mutex ProgressMutex;
  unsigned Done = 0;
  ForEach([&](size_t I) {
    if (Trees[I]) {
      analyseFile(*Trees[I], Classes, Handler, Results[I]);
      Trees[I].reset();
    }
    if (Opts.Progress) {
      std::lock_guard<std::mutex> Lock(ProgressMutex);
      llvm::errs() << "[" << ++Done << "/" << Files->size() << "] "
                   << Results[I].Errors.File << "\n";
    }
  });
  AnalysisResult R = mergeResults(Results, Scoping.Root, {});
  R.FilesAnalysed = static_cast<unsigned>(llvm::count_if(
      Results, [](const TUResult &T) { return !T.Errors.unread(); }));
  R.FilesSkipped = Skipped;
  return std::move(R);
}

} // namespace hotpath::py
