//===- Frontend.cpp -------------------------------------------------------===//
#include "analyzer/Frontend.h"
#include "analyzer/CallGraphFacts.h"
#include "analyzer/LoopFacts.h"
#include "analyzer/MergeResults.h"
#include "analyzer/ProjectScope.h"
#include "analyzer/ResultCache.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticLex.h"
#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

using namespace clang;

namespace hotpath {

std::string defaultResourceDir() { return HOTPATH_CLANG_RESOURCE_DIR; }

namespace {

/// Counts errors; keeps the first one as "file:line:col: message", the
/// file relative to the project root.
class ErrorCounter : public DiagnosticConsumer {
public:
  explicit ErrorCounter(const ProjectScope &Scope) : Scope(Scope) {}
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || !FirstError.empty())
      return;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    llvm::raw_string_ostream OS(FirstError);
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      PresumedLoc P = Info.getSourceManager().getPresumedLoc(
          Info.getSourceManager().getExpansionLoc(Info.getLocation()));
      if (P.isValid())
        OS << Scope.relativePath(P.getFilename()) << ":" << P.getLine() << ":"
           << P.getColumn() << ": ";
    }
    OS << Msg;
  }
  std::string FirstError;

private:
  const ProjectScope &Scope;
};

/// Finds project function definitions under a project top-level decl. A
/// template is analysed as the TU instantiates it, with its real types (a
/// DataLoader's element is a batch only once the loader's type is known);
/// a template the TU never instantiates is analysed as its pattern.
class FunctionFinder : public RecursiveASTVisitor<FunctionFinder> {
public:
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || FD->isImplicit() ||
        isLambdaCallOperator(FD))
      return true;
    size_t Before = Found.size();
    if (FunctionTemplateDecl *FTD = FD->getDescribedFunctionTemplate()) {
      for (FunctionDecl *Spec : FTD->specializations())
        addInstantiation(Spec);
    } else if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
               MD && MD->getParent()->getDescribedClassTemplate()) {
      for (ClassTemplateSpecializationDecl *Spec :
           MD->getParent()->getDescribedClassTemplate()->specializations())
        for (CXXMethodDecl *M : Spec->methods())
          if (M->getTemplateInstantiationPattern() == FD)
            addInstantiation(M);
    }
    if (Found.size() == Before)
      Found.push_back(FD);
    return true;
  }
  // Lambda bodies are walked as part of the function that contains them.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  std::vector<const FunctionDecl *> Found;

private:
  void addInstantiation(FunctionDecl *Spec) {
    if (Spec->isTemplateInstantiation() && Spec->hasBody() && Spec->getBody() &&
        llvm::find(Found, Spec) == Found.end() && !Spec->isInvalidDecl())
      Found.push_back(Spec);
  }
};

class HotpathConsumer : public ASTConsumer {
public:
  HotpathConsumer(ProjectScope &Scope, const ApiCatalog &Catalog,
                  const TUHandler &Handler, TUResult &Out)
      : Scope(Scope), Catalog(Catalog), Handler(Handler), Out(Out) {}

  void Initialize(ASTContext &Context) override { Ctx = &Context; }

  // Library bodies are never analysed, so never parse them.
  bool shouldSkipFunctionBody(Decl *D) override {
    return !Scope.isProjectLocation(Ctx->getSourceManager(), D->getLocation());
  }

  void HandleTranslationUnit(ASTContext &Context) override {
    const SourceManager &SM = Context.getSourceManager();
    FunctionFinder Finder;
    for (Decl *D : Context.getTranslationUnitDecl()->decls())
      if (Scope.isProjectLocation(SM, D->getLocation()))
        Finder.TraverseDecl(D);
    std::vector<std::unique_ptr<FunctionFacts>> Functions;
    for (const FunctionDecl *FD : Finder.Found)
      Functions.push_back(
          std::make_unique<FunctionFacts>(FD, Context, Catalog));
    TUContext TU(Context, Scope, Catalog, std::move(Functions));
    for (const auto &FF : TU.functions())
      Out.Graph.addFunction(callGraphNode(TU, *FF, Scope));
    Handler.handle(TU, Out.Sink);
    Out.Ran = true;
    // Every file whose contents entered the TU, hashed as read: what a
    // cached result of it depends on. Contents the source manager does not
    // hold get an empty hash, which no file matches: never a hit.
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      const FileEntry *FE = It->first;
      llvm::Optional<llvm::MemoryBufferRef> Buffer =
          It->second->getBufferIfLoaded();
      llvm::StringRef Path = FE->tryGetRealPathName();
      Out.Dependencies.emplace_back(
          Path.empty() ? FE->getName().str() : Path.str(),
          Buffer ? hashContents(Buffer->getBuffer()) : std::string());
    }
    std::sort(Out.Dependencies.begin(), Out.Dependencies.end());
    Out.Dependencies.erase(
        std::unique(Out.Dependencies.begin(), Out.Dependencies.end()),
        Out.Dependencies.end());
  }

private:
  ProjectScope &Scope;
  const ApiCatalog &Catalog;
  const TUHandler &Handler;
  TUResult &Out;
  ASTContext *Ctx = nullptr;
};

class HotpathAction : public ASTFrontendAction {
public:
  HotpathAction(ProjectScope &Scope, const ApiCatalog &Catalog,
                const TUHandler &Handler, TUResult &Out)
      : Scope(Scope), Catalog(Catalog), Handler(Handler), Out(Out) {}

protected:
  bool BeginInvocation(CompilerInstance &CI) override {
    CI.getFrontendOpts().SkipFunctionBodies = true;
    // A missing header is an error, not the end of the parse: Clang stops
    // processing includes after a fatal error, so a file that includes an
    // absent OpenCV or CUDA header would never see libtorch below it.
    CI.getDiagnostics().setSeverity(diag::err_pp_file_not_found,
                                    diag::Severity::Error, {});
    // Every error is counted, not the first 20.
    CI.getDiagnostics().setErrorLimit(0);
    return true;
  }
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<HotpathConsumer>(Scope, Catalog, Handler, Out);
  }

private:
  ProjectScope &Scope;
  const ApiCatalog &Catalog;
  const TUHandler &Handler;
  TUResult &Out;
};

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base = "") {
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

/// Drops arguments Clang's driver does not know (GCC-only flags such as
/// -fipa-pta in a database written for g++), as clangd does: Clang would
/// refuse the whole command for one of them.
std::vector<std::string> dropUnknownArguments(std::vector<std::string> Args) {
  if (Args.size() < 2)
    return Args;
  std::vector<const char *> Raw;
  for (size_t I = 1; I < Args.size(); ++I)
    Raw.push_back(Args[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed =
      driver::getDriverOptTable().ParseArgs(Raw, MissingIndex, MissingCount);
  std::set<std::string> Unknown;
  for (const llvm::opt::Arg *A : Parsed.filtered(driver::options::OPT_UNKNOWN))
    Unknown.insert(A->getAsString(Parsed));
  if (Unknown.empty())
    return Args;
  std::vector<std::string> Kept = {Args.front()};
  for (size_t I = 1; I < Args.size(); ++I)
    if (!Unknown.count(Args[I]))
      Kept.push_back(Args[I]);
  return Kept;
}

std::vector<std::string> adjustArguments(std::vector<std::string> Args,
                                         const std::string &File,
                                         const std::string &ResourceDir) {
  Args = dropUnknownArguments(std::move(Args));
  Args = tooling::getClangSyntaxOnlyAdjuster()(Args, File);
  Args = tooling::getClangStripOutputAdjuster()(Args, File);
  Args = tooling::getClangStripDependencyFileAdjuster()(Args, File);
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

/// Parses and analyses one TU; never throws, never aborts the run.
void runOne(const std::string &File, const std::string &Directory,
            std::vector<std::string> CommandLine, const ScopeOptions &Scoping,
            const std::string &ResourceDir, const ApiCatalog &Catalog,
            const TUHandler &Handler, TUResult &Out) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
      llvm::vfs::createPhysicalFileSystem().release());
  if (!Directory.empty())
    FS->setCurrentWorkingDirectory(Directory);
  llvm::IntrusiveRefCntPtr<FileManager> Files(
      new FileManager(FileSystemOptions(), FS));
  // Validated when the run started.
  ProjectScope Scope = llvm::cantFail(ProjectScope::create(Scoping));
  ErrorCounter Diags(Scope);
  tooling::ToolInvocation Invocation(
      adjustArguments(std::move(CommandLine), File, ResourceDir),
      std::make_unique<HotpathAction>(Scope, Catalog, Handler, Out),
      Files.get(), std::make_shared<PCHContainerOperations>());
  Invocation.setDiagnosticConsumer(&Diags);
  Invocation.run();
  Out.Errors.File = Scope.relativePath(File);
  Out.Errors.CompileErrors = Diags.getNumErrors();
  Out.Errors.FirstError = Diags.FirstError;
  if (!Out.Ran && Out.Errors.CompileErrors == 0) {
    Out.Errors.CompileErrors = 1;
    Out.Errors.FirstError = "the compiler could not start on this file";
  }
}

/// The file is a JSON array; the error names the file and the position.
llvm::Error checkJson(llvm::StringRef Path) {
  auto Fail = [&](const std::string &What) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: cannot read compilation database: %s",
                                   Path.str().c_str(), What.c_str());
  };
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return Fail(Buffer.getError().message());
  llvm::Expected<llvm::json::Value> V =
      llvm::json::parse((*Buffer)->getBuffer());
  if (!V)
    return Fail(llvm::toString(V.takeError()));
  if (!V->getAsArray())
    return Fail("expected a JSON array of compile commands");
  return llvm::Error::success();
}

struct Job {
  std::string File;
  std::string Directory;
  std::vector<std::string> CommandLine;
};

AnalysisResult runJobs(const std::vector<Job> &Jobs, unsigned NumThreads,
                       bool Progress, const ScopeOptions &Scoping,
                       const std::string &ResourceDir,
                       const ApiCatalog &Catalog, const TUHandler &Handler,
                       const std::vector<std::string> &EntryPoints,
                       const ResultCache *Cache) {
  std::vector<TUResult> Results(Jobs.size());
  std::mutex ProgressMutex;
  unsigned Done = 0;
  std::atomic<unsigned> Hits{0}, Unwritten{0};
  auto Work = [&](size_t I) {
    std::optional<std::string> Key;
    std::optional<TUResult> Cached;
    if (Cache) {
      Key = Cache->key(Jobs[I].File, Jobs[I].Directory, Jobs[I].CommandLine);
      if (Key)
        Cached = Cache->lookup(*Key);
    }
    if (Cached) {
      Results[I] = std::move(*Cached);
      ++Hits;
    } else {
      runOne(Jobs[I].File, Jobs[I].Directory, Jobs[I].CommandLine, Scoping,
             ResourceDir, Catalog, Handler, Results[I]);
      if (Key && Results[I].Ran && !Cache->store(*Key, Results[I]))
        ++Unwritten;
    }
    if (Progress) {
      std::lock_guard<std::mutex> Lock(ProgressMutex);
      llvm::errs() << "[" << ++Done << "/" << Jobs.size() << "] "
                   << ProjectScope(Scoping.Root).relativePath(Jobs[I].File)
                   << "\n";
    }
  };
  if (NumThreads <= 1 || Jobs.size() <= 1) {
    for (size_t I = 0; I < Jobs.size(); ++I)
      Work(I);
  } else {
    llvm::ThreadPool Pool(llvm::hardware_concurrency(NumThreads));
    for (size_t I = 0; I < Jobs.size(); ++I)
      Pool.async([&Work, I] { Work(I); });
    Pool.wait();
  }
  AnalysisResult R = mergeResults(Results, Scoping.Root, EntryPoints);
  // A file compiled by several commands (generic and AVX2 variants) was
  // analysed once per command: it counts once.
  std::map<std::string, unsigned> Commands;
  for (const Job &J : Jobs)
    ++Commands[J.File];
  R.FilesAnalysed = Commands.size();
  R.MultiCommandFiles = llvm::count_if(
      Commands, [](const auto &FileCount) { return FileCount.second > 1; });
  if (Cache) {
    R.CacheHits = Hits;
    R.CacheMisses = Jobs.size() - Hits;
    R.CacheUnwritten = Unwritten;
  }
  return R;
}

} // namespace

llvm::Expected<AnalysisResult> runFrontend(const FrontendOptions &Opts,
                                           const ApiCatalog &Catalog,
                                           const TUHandler &Handler) {
  llvm::SmallString<256> DbPath(Opts.BuildPath);
  llvm::sys::path::append(DbPath, "compile_commands.json");
  if (!llvm::sys::fs::exists(DbPath))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: no compilation database (run cmake "
                                   "with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)",
                                   DbPath.c_str());
  // Validate first: LLVM's YAML-based reader prints its own multi-line
  // message on malformed input.
  if (llvm::Error E = checkJson(DbPath))
    return std::move(E);
  std::string Err;
  std::unique_ptr<tooling::JSONCompilationDatabase> Db =
      tooling::JSONCompilationDatabase::loadFromFile(
          DbPath, Err, tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: cannot read compilation database: %s",
                                   DbPath.c_str(), Err.c_str());
  std::vector<std::string> AllFiles;
  for (const std::string &F : Db->getAllFiles())
    AllFiles.push_back(absolutePath(F));
  std::sort(AllFiles.begin(), AllFiles.end());
  AllFiles.erase(std::unique(AllFiles.begin(), AllFiles.end()), AllFiles.end());

  std::vector<std::string> Selected;
  if (Opts.Files.empty()) {
    Selected = AllFiles;
  } else {
    for (const std::string &F : Opts.Files) {
      std::string Abs = absolutePath(F);
      if (!std::binary_search(AllFiles.begin(), AllFiles.end(), Abs))
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "%s: not in compilation database %s",
                                       F.c_str(), DbPath.c_str());
      if (llvm::find(Selected, Abs) == Selected.end())
        Selected.push_back(Abs);
    }
  }
  if (Selected.empty())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "%s: the compilation database lists no files", DbPath.c_str());
  llvm::SmallString<256> DbDir(llvm::sys::path::parent_path(DbPath));
  llvm::sys::fs::make_absolute(DbDir);
  llvm::sys::path::remove_dots(DbDir, /*remove_dot_dot=*/true);
  ScopeOptions Scoping;
  Scoping.Root = Opts.ProjectRoot.empty() ? defaultProjectRoot(DbDir, AllFiles)
                                          : absolutePath(Opts.ProjectRoot);
  // Paths are compared after symlinks are resolved (as Clang reports them).
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Scoping.Root, Real))
    Scoping.Root = std::string(Real.str());
  // The database's directory is a build tree (generated code, fetched
  // dependencies) when a build system configured it.
  bool BuildTree = false;
  for (const char *Marker : {"CMakeCache.txt", "build.ninja", "CMakeFiles"}) {
    llvm::SmallString<256> M(DbDir);
    llvm::sys::path::append(M, Marker);
    BuildTree |= llvm::sys::fs::exists(M);
  }
  if (BuildTree && !llvm::sys::fs::real_path(DbDir, Real))
    Scoping.BuildDir = std::string(Real.str());
  Scoping.Exclude = Opts.Exclude;
  llvm::Expected<ProjectScope> Scope = ProjectScope::create(Scoping);
  if (!Scope)
    return Scope.takeError();
  std::string Root = Scoping.Root;
  // Library code (outside the root, vendored, in the build tree, excluded)
  // is never analysed, also when named on the command line.
  unsigned Skipped = 0;
  llvm::erase_if(Selected, [&](const std::string &F) {
    llvm::SmallString<256> P;
    if (llvm::sys::fs::real_path(F, P))
      P = F;
    bool Library = !Scope->isProjectPath(P);
    Skipped += Library;
    return Library;
  });
  if (Opts.Changed) {
    // Only the changed TUs; a changed file that is no TU of the database
    // (a header) may be included by any of them: then all.
    bool OtherChanged = llvm::any_of(*Opts.Changed, [&](const std::string &F) {
      llvm::StringRef Ext = llvm::sys::path::extension(F);
      bool Code = Ext == ".h" || Ext == ".hh" || Ext == ".hpp" ||
                  Ext == ".hxx" || Ext == ".inc" || Ext == ".ipp" ||
                  Ext == ".tcc" || Ext == ".cuh";
      return Code && !std::binary_search(AllFiles.begin(), AllFiles.end(), F);
    });
    if (!OtherChanged)
      llvm::erase_if(Selected, [&](const std::string &F) {
        return !Opts.Changed->count(F);
      });
  }
  if (Selected.empty()) {
    AnalysisResult Empty;
    Empty.ProjectRoot = Root;
    Empty.FilesSkipped = Skipped;
    return Empty;
  }

  std::vector<Job> Jobs;
  for (const std::string &F : Selected) {
    std::vector<tooling::CompileCommand> Cmds = Db->getCompileCommands(F);
    if (Cmds.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s: no compile command in %s", F.c_str(),
                                     DbPath.c_str());
    // Every command of a file (FAISS compiles each file generic and with
    // AVX2): the code each one sees can differ; identical findings merge.
    for (const tooling::CompileCommand &Cmd : Cmds)
      Jobs.push_back({F, Cmd.Directory, Cmd.CommandLine});
  }
  unsigned Threads = Opts.Jobs
                         ? Opts.Jobs
                         : llvm::hardware_concurrency().compute_thread_count();
  std::optional<ResultCache> Cache;
  if (!Opts.CacheDir.empty())
    Cache.emplace(Opts.CacheDir,
                  Opts.CacheSalt + '\0' + Root + '\0' + Opts.ResourceDir);
  AnalysisResult R =
      runJobs(Jobs, Threads, Opts.Progress, Scoping, Opts.ResourceDir, Catalog,
              Handler, Opts.EntryPoints, Cache ? &*Cache : nullptr);
  R.FilesSkipped = Skipped;
  return R;
}

llvm::Expected<AnalysisResult>
runFrontendOnFile(const std::string &File, const std::vector<std::string> &Args,
                  const std::string &ProjectRoot,
                  const std::string &ResourceDir, const ApiCatalog &Catalog,
                  const TUHandler &Handler) {
  std::string Abs = absolutePath(File);
  if (!llvm::sys::fs::exists(Abs))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: no such file", File.c_str());
  std::vector<std::string> CommandLine = {"clang++"};
  CommandLine.insert(CommandLine.end(), Args.begin(), Args.end());
  CommandLine.push_back(Abs);
  std::vector<Job> Jobs = {{Abs, "", CommandLine}};
  ScopeOptions Scoping;
  Scoping.Root = absolutePath(ProjectRoot);
  return runJobs(Jobs, 1, false, Scoping, ResourceDir, Catalog, Handler,
                 FrontendOptions().EntryPoints, nullptr);
}

} // namespace hotpath
