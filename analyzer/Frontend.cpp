//===- Frontend.cpp -------------------------------------------------------===//
#include "analyzer/Frontend.h"
#include "analyzer/CallGraphFacts.h"
#include "analyzer/CompileDatabase.h"
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
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
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
#include <numeric>
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

/// Parses and analyses one TU; never throws, never aborts the run.
void runOne(const std::string &File, const std::string &Directory,
            std::vector<std::string> CommandLine, const ScopeOptions &Scoping,
            const std::string &ResourceDir, const ApiCatalog &Catalog,
            const TUHandler &Handler, TUResult &Out) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
      llvm::vfs::createPhysicalFileSystem().release());
  if (!Directory.empty())
    FS->setCurrentWorkingDirectory(Directory);
  // A database entry for a file that is gone (a stale or generated database)
  // is not a compile error: say what is wrong and do not start the compiler.
  llvm::ErrorOr<llvm::vfs::Status> St = FS->status(File);
  if (!St || St->getType() != llvm::sys::fs::file_type::regular_file ||
      CommandLine.empty()) {
    Out.Errors.File = ProjectScope(Scoping.Root).relativePath(File);
    Out.Errors.FirstError = !St ? "cannot open: " + St.getError().message()
                            : CommandLine.empty()
                                ? "the database gives an empty command"
                                : "not a regular file";
    return;
  }
  llvm::IntrusiveRefCntPtr<FileManager> Files(
      new FileManager(FileSystemOptions(), FS));
  // Validated when the run started.
  ProjectScope Scope = llvm::cantFail(ProjectScope::create(Scoping));
  ErrorCounter Diags(Scope);
  tooling::ToolInvocation Invocation(
      compilerArguments(std::move(CommandLine), File, ResourceDir),
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

} // namespace

void forEachIndex(const std::vector<size_t> &Order, unsigned Threads,
                  llvm::function_ref<void(size_t)> Work) {
  if (Threads <= 1 || Order.size() <= 1) {
    for (size_t I : Order)
      Work(I);
    return;
  }
  llvm::ThreadPool Pool(llvm::hardware_concurrency(Threads));
  for (size_t I : Order)
    Pool.async([Work, I] { Work(I); });
  Pool.wait();
}

namespace {

AnalysisResult runJobs(const std::vector<CompileJob> &Jobs, unsigned NumThreads,
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
  std::vector<size_t> Order(Jobs.size());
  std::iota(Order.begin(), Order.end(), size_t(0));
  forEachIndex(Order, NumThreads, Work);
  AnalysisResult R = mergeResults(Results, Scoping.Root, EntryPoints);
  // A file compiled by several commands (generic and AVX2 variants) was
  // analysed once per command: it counts once.
  std::map<std::string, unsigned> Commands;
  std::set<std::string> Read;
  for (size_t I = 0; I < Jobs.size(); ++I) {
    ++Commands[Jobs[I].File];
    if (!Results[I].Errors.unread())
      Read.insert(Jobs[I].File);
  }
  R.FilesAnalysed = Read.size();
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

namespace {

/// The files to analyse: those named (each must be in the database), or
/// all of them.
llvm::Expected<std::vector<std::string>>
selectFiles(const CompileDatabase &Db, const std::vector<std::string> &Named) {
  if (Named.empty())
    return Db.files();
  std::vector<std::string> Selected;
  for (const std::string &F : Named) {
    std::string Abs = absolutePath(F);
    if (!Db.contains(Abs))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s: not in compilation database %s",
                                     F.c_str(), Db.path().c_str());
    if (llvm::find(Selected, Abs) == Selected.end())
      Selected.push_back(Abs);
  }
  return Selected;
}

/// What is project code: the root (given, or found from the database), the
/// database's directory when a build system made it, the excludes.
ScopeOptions projectScoping(const FrontendOptions &Opts,
                            const CompileDatabase &Db) {
  llvm::SmallString<256> DbDir(llvm::sys::path::parent_path(Db.path()));
  llvm::sys::fs::make_absolute(DbDir);
  llvm::sys::path::remove_dots(DbDir, /*remove_dot_dot=*/true);
  ScopeOptions Scoping;
  Scoping.Root = Opts.ProjectRoot.empty()
                     ? defaultProjectRoot(DbDir, Db.files())
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
  return Scoping;
}

/// Library code (outside the root, vendored, in the build tree, excluded)
/// is never analysed, also when named on the command line. Returns how many
/// files were dropped.
unsigned dropLibraryFiles(std::vector<std::string> &Selected,
                          const ProjectScope &Scope) {
  unsigned Skipped = 0;
  llvm::erase_if(Selected, [&](const std::string &F) {
    llvm::SmallString<256> P;
    if (llvm::sys::fs::real_path(F, P))
      P = F;
    bool Library = !Scope.isProjectPath(P);
    Skipped += Library;
    return Library;
  });
  return Skipped;
}

/// --diff: only the changed TUs; a changed file that is no TU of the
/// database (a header) may be included by any of them: then all.
void keepChangedFiles(std::vector<std::string> &Selected,
                      const CompileDatabase &Db,
                      const std::set<std::string> &Changed) {
  bool OtherChanged = llvm::any_of(Changed, [&](const std::string &F) {
    llvm::StringRef Ext = llvm::sys::path::extension(F);
    bool Code = Ext == ".h" || Ext == ".hh" || Ext == ".hpp" || Ext == ".hxx" ||
                Ext == ".inc" || Ext == ".ipp" || Ext == ".tcc" ||
                Ext == ".cuh";
    return Code && !Db.contains(F);
  });
  if (!OtherChanged)
    llvm::erase_if(Selected,
                   [&](const std::string &F) { return !Changed.count(F); });
}

} // namespace

llvm::Expected<AnalysisResult> runFrontend(const FrontendOptions &Opts,
                                           const ApiCatalog &Catalog,
                                           const TUHandler &Handler) {
  llvm::Expected<CompileDatabase> Db = CompileDatabase::load(Opts.BuildPath);
  if (!Db)
    return Db.takeError();
  llvm::Expected<std::vector<std::string>> Selected =
      selectFiles(*Db, Opts.Files);
  if (!Selected)
    return Selected.takeError();
  if (Selected->empty())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "%s: the compilation database lists no files", Db->path().c_str());
  ScopeOptions Scoping = projectScoping(Opts, *Db);
  llvm::Expected<ProjectScope> Scope = ProjectScope::create(Scoping);
  if (!Scope)
    return Scope.takeError();
  unsigned Skipped = dropLibraryFiles(*Selected, *Scope);
  if (Opts.Changed)
    keepChangedFiles(*Selected, *Db, *Opts.Changed);

  std::vector<CompileJob> Jobs;
  for (const std::string &F : *Selected) {
    llvm::Expected<std::vector<CompileJob>> FileJobs = Db->jobsFor(F);
    if (!FileJobs)
      return FileJobs.takeError();
    // Every command of a file: the code each one sees can differ;
    // identical findings merge.
    std::move(FileJobs->begin(), FileJobs->end(), std::back_inserter(Jobs));
  }
  AnalysisResult R;
  if (!Jobs.empty()) {
    unsigned Threads =
        Opts.Jobs ? Opts.Jobs
                  : llvm::hardware_concurrency().compute_thread_count();
    std::optional<ResultCache> Cache;
    if (!Opts.CacheDir.empty())
      Cache.emplace(Opts.CacheDir, Opts.CacheSalt + '\0' + Scoping.Root + '\0' +
                                       Opts.ResourceDir);
    R = runJobs(Jobs, Threads, Opts.Progress, Scoping, Opts.ResourceDir,
                Catalog, Handler, Opts.EntryPoints, Cache ? &*Cache : nullptr);
  }
  R.ProjectRoot = Scoping.Root;
  R.FilesSkipped = Skipped;
  return std::move(R);
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
  std::vector<CompileJob> Jobs = {{Abs, "", CommandLine}};
  ScopeOptions Scoping;
  Scoping.Root = absolutePath(ProjectRoot);
  return runJobs(Jobs, 1, false, Scoping, ResourceDir, Catalog, Handler,
                 FrontendOptions().EntryPoints, nullptr);
}

} // namespace hotpath
