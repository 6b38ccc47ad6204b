//===- PyFrontend.cpp -----------------------------------------------------===//
#include "analyzer/python/PyFrontend.h"
#include "analyzer/CompileDatabase.h"
#include "analyzer/MergeResults.h"
#include "analyzer/ProjectScope.h"
#include "analyzer/ResultCache.h"
#include "analyzer/python/PyCacheText.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>

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

/// One Python file through the run's stages.
struct PyFile {
  std::string Path; ///< absolute
  uint64_t Size = 0;
  std::string Source;
  std::string Hash; ///< hashContents(Source), when a cache is used
  /// Whether the file's results are wanted (--diff: it changed); the
  /// classes of every file are read.
  bool Analysed = true;
  /// Set by readFile when the file cannot be analysed at all.
  bool Unread = false;
  std::unique_ptr<Tree> Parsed;
  /// Whether parseFile ran (Parsed is null when the parse gave no tree).
  bool ParseTried = false;
  std::optional<ImportTable> Imports;
  FileClasses Classes;
  /// Stage 2b: what the file's calls of other files' functions pass, and
  /// the facts that found it (reused by stage 3 when no other file's calls
  /// give kinds to this file's functions).
  CallTable Outgoing;
  std::unique_ptr<ModuleFacts> Facts;
  /// Stage 2c: what other files' calls pass to this file's functions.
  CallTable Incoming;
  TUResult Result;
  /// The file's one cache entry (keyed by its path and contents hash), as
  /// read in stage 1 and as stored after stage 3: {"classes": text,
  /// "calls": {"deps": …, "text": …}, "result": {"deps": …, "text": …}}.
  /// Each part holds while its dependencies do. Null: none to store.
  std::string Key;
  nlohmann::json Entry;
  bool EntryChanged = false;
};

/// The dependency a class answer is recorded as in a cached result (no
/// file path starts with "class:").
std::string classDependency(const std::string &Name) { return "class:" + Name; }

/// The cache dependencies of a file's facts: the class answers they rest
/// on; classAnswerHolds checks one against this run's classes.
std::vector<std::pair<std::string, std::string>>
classDependencies(const ModuleFacts &Facts) {
  std::vector<std::pair<std::string, std::string>> Out;
  for (const auto &[Name, IsModule] : Facts.classAnswers())
    Out.emplace_back(classDependency(Name), IsModule ? "module" : "other");
  return Out;
}

bool classAnswerHolds(const ProjectClasses &Classes, const std::string &Dep,
                      const std::string &Was) {
  llvm::StringRef Name(Dep);
  return Name.consume_front("class:") &&
         (Classes.isModule(Name.str()) ? "module" : "other") == Was;
}

/// The module part of a file's functions as other files' imports name it
/// (ImportTable::moduleAndName): the file's stem, or for a package's
/// __init__.py the directory's name.
std::string moduleTail(const std::string &Path) {
  llvm::StringRef Stem = llvm::sys::path::stem(Path);
  if (Stem == "__init__")
    return llvm::sys::path::filename(llvm::sys::path::parent_path(Path)).str();
  return Stem.str();
}

/// Stage 1: reads the file (and hashes it for the cache).
void readFile(PyFile &F, const ProjectScope &Scope, bool Hash) {
  F.Result.Errors.File = Scope.relativePath(F.Path);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(F.Path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!Buffer) {
    F.Result.Errors.FirstError = "cannot open: " + Buffer.getError().message();
    F.Unread = true;
    return;
  }
  if ((*Buffer)->getBufferSize() > MaxFileBytes) {
    F.Result.Errors.FirstError =
        "larger than " + std::to_string(MaxFileBytes >> 20) + " MiB";
    F.Unread = true;
    return;
  }
  F.Source = (*Buffer)->getBuffer().str();
  if (Hash)
    F.Hash = hashContents(F.Source);
}

/// Parses the file and reads its imports and classes (once per run).
void parseFile(PyFile &F) {
  std::string Problem;
  F.Parsed = Tree::parseIsolated(std::move(F.Source), &Problem);
  F.Source.clear();
  F.ParseTried = true;
  if (!F.Parsed) {
    F.Result.Errors.FirstError = Problem;
    return;
  }
  F.Imports.emplace(*F.Parsed);
  F.Classes = ProjectClasses::of(*F.Parsed, *F.Imports);
}

nlohmann::json
depsJson(const std::vector<std::pair<std::string, std::string>> &Deps) {
  nlohmann::json J = nlohmann::json::array();
  for (const auto &[Dep, Was] : Deps)
    J.push_back({Dep, Was});
  return J;
}

/// The text of part `Name` of a cache entry when it is well formed and
/// `Fresh` holds for each of its dependencies; else null.
const std::string *freshPart(
    const nlohmann::json &Entry, const char *Name,
    llvm::function_ref<bool(const std::string &, const std::string &)> Fresh) {
  if (!Entry.is_object() || !Entry.contains(Name))
    return nullptr;
  const nlohmann::json &P = Entry[Name];
  if (!P.is_object() || !P.contains("deps") || !P["deps"].is_array() ||
      !P.contains("text") || !P["text"].is_string())
    return nullptr;
  for (const nlohmann::json &D : P["deps"])
    if (!D.is_array() || D.size() != 2 || !D[0].is_string() ||
        !D[1].is_string() ||
        !Fresh(D[0].get_ref<const std::string &>(),
               D[1].get_ref<const std::string &>()))
      return nullptr;
  return &P["text"].get_ref<const std::string &>();
}

/// Writes the file's entry if this run changed it; false when it could
/// not be stored.
bool storeEntry(PyFile &F, const ResultCache *Cache) {
  if (!Cache || !F.EntryChanged || !F.Entry.is_object())
    return true;
  F.EntryChanged = false;
  return Cache->storeText(
      F.Key,
      F.Entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

/// Stage 1's second half: the file's classes, from the cache when it holds
/// this content, else by parsing it (the tree is kept for stage 3).
void classifyFile(PyFile &F, const ResultCache *Cache) {
  if (F.Unread)
    return;
  if (Cache) {
    F.Key = Cache->key({"python", F.Path, F.Hash});
    if (std::optional<std::string> Text = Cache->lookupText(F.Key)) {
      nlohmann::json J = nlohmann::json::parse(*Text, nullptr, false);
      if (J.is_object() && J.contains("classes") && J["classes"].is_string())
        if (std::optional<FileClasses> C =
                classesFrom(J["classes"].get<std::string>())) {
          F.Classes = std::move(*C);
          F.Entry = std::move(J);
          return;
        }
    }
  }
  parseFile(F);
  // A damaged entry is replaced whole: its parts are of this content.
  if (Cache && F.Parsed) {
    F.Entry = nlohmann::json::object();
    F.Entry["classes"] = classesText(F.Classes);
    F.EntryChanged = true;
  }
}

/// Stage 2b: what the file's calls of other files' functions pass (kinds
/// from the file's own facts): from the cache when its content and the
/// class answers hold, else from the file's facts.
void findCalls(PyFile &F, const ProjectClasses &Classes,
               const ResultCache *Cache) {
  if (F.Unread)
    return;
  if (Cache)
    if (const std::string *Text =
            freshPart(F.Entry, "calls",
                      [&](const std::string &Dep, const std::string &Was) {
                        return classAnswerHolds(Classes, Dep, Was);
                      }))
      if (std::optional<CallTable> T = callsFrom(*Text)) {
        F.Outgoing = std::move(*T);
        return;
      }
  if (!F.ParseTried)
    parseFile(F);
  if (!F.Parsed)
    return;
  F.Facts = std::make_unique<ModuleFacts>(*F.Parsed, Classes, *F.Imports);
  F.Outgoing = F.Facts->outgoing();
  if (Cache && F.Entry.is_object()) {
    F.Entry["calls"] = {{"deps", depsJson(classDependencies(*F.Facts))},
                        {"text", callsText(F.Outgoing)}};
    F.EntryChanged = true;
  }
}

/// Stage 2c: each file's incoming calls. The file an import names is the
/// one of that module name (ImportTable::moduleAndName); of several (two
/// util.py), the one beside the importing file (a script imports its
/// siblings); else the target is unknown and the function counts as
/// escaped in every candidate.
void linkCalls(std::vector<PyFile> &Work) {
  std::map<std::string, std::vector<size_t>> ByTail;
  for (size_t I = 0; I < Work.size(); ++I)
    if (!Work[I].Unread)
      ByTail[moduleTail(Work[I].Path)].push_back(I);
  for (size_t A = 0; A < Work.size(); ++A)
    for (const auto &[Remote, Args] : Work[A].Outgoing) {
      auto [Tail, Name] = llvm::StringRef(Remote).rsplit('.');
      auto It = ByTail.find(Tail.str());
      if (Name.empty() || It == ByTail.end())
        continue;
      std::vector<size_t> Targets = It->second;
      if (Targets.size() > 1) {
        llvm::StringRef Dir = llvm::sys::path::parent_path(Work[A].Path);
        std::vector<size_t> Beside;
        for (size_t B : Targets)
          if (llvm::sys::path::parent_path(Work[B].Path) == Dir &&
              llvm::sys::path::stem(Work[B].Path) != "__init__")
            Beside.push_back(B);
        if (Beside.size() == 1)
          Targets = Beside;
      }
      for (size_t B : Targets) {
        if (B == A)
          continue;
        CallArgs &In = Work[B].Incoming[Name.str()];
        if (Targets.size() > 1)
          In.Escaped = true;
        else
          In.merge(Args);
      }
    }
}

/// The dependency of a cached result on what other files' calls pass to
/// the file's functions (a hash of F.Incoming).
constexpr const char *CallsDependency = "calls:";
std::string incomingHash(const PyFile &F) {
  return hashContents(callsText(F.Incoming));
}

/// Analyses one parsed file into F.Result, recording the class answers
/// and the incoming calls (`IncomingHash`) the result depends on.
void analyseFile(PyFile &F, const ProjectClasses &Classes,
                 const PyHandler &Handler, const ApiCatalog *Catalog,
                 const std::string &IncomingHash) {
  TUResult &Out = F.Result;
  std::vector<SyntaxError> Errors = F.Parsed->errors();
  if (!Errors.empty()) {
    Out.Errors.CompileErrors = static_cast<unsigned>(Errors.size());
    Out.Errors.FirstError =
        Out.Errors.File + ":" + std::to_string(Errors.front().Line) + ":" +
        std::to_string(Errors.front().Column) + ": " + Errors.front().Message;
  }
  // The facts of stage 2b hold unless other files' calls add kinds.
  if (!F.Facts || F.Facts->takesKindsFrom(F.Incoming))
    F.Facts = std::make_unique<ModuleFacts>(
        *F.Parsed, Classes, std::move(*F.Imports),
        F.Incoming.empty() ? nullptr : &F.Incoming);
  PyContext Ctx(*F.Facts, Out.Errors.File, Catalog);
  Handler.handlePython(Ctx, Out.Sink);
  Out.Ran = true;
  Out.Dependencies = classDependencies(*F.Facts);
  Out.Dependencies.emplace_back(CallsDependency, IncomingHash);
}

/// Stage 3: the file's results, from the cache when its content and every
/// class answer they rest on are unchanged, else analysed (parsed first
/// when stage 1 took its classes from the cache). True on a cache hit.
bool resultOf(PyFile &F, const ProjectClasses &Classes,
              const PyHandler &Handler, const ApiCatalog *Catalog,
              const ResultCache *Cache, bool &Unwritten) {
  if (F.Unread)
    return false;
  std::string Incoming = incomingHash(F);
  if (Cache) {
    const std::string *Text = freshPart(
        F.Entry, "result", [&](const std::string &Dep, const std::string &Was) {
          return Dep == CallsDependency ? Was == Incoming
                                        : classAnswerHolds(Classes, Dep, Was);
        });
    std::optional<TUResult> Hit =
        Text ? deserializeResult(*Text) : std::nullopt;
    if (Hit && Hit->Errors.File == F.Result.Errors.File) {
      F.Result = std::move(*Hit);
      F.Source.clear();
      F.Facts.reset();
      F.Parsed.reset();
      Unwritten = !storeEntry(F, Cache);
      return true;
    }
  }
  if (!F.ParseTried)
    parseFile(F);
  if (F.Parsed) {
    analyseFile(F, Classes, Handler, Catalog, Incoming);
    F.Facts.reset();
    F.Parsed.reset();
  }
  // As for C++, only what ran is stored: a file the parser refused is
  // tried again next run.
  if (Cache && F.Result.Ran && F.Entry.is_object()) {
    F.Entry["result"] = {{"deps", depsJson(F.Result.Dependencies)},
                         {"text", serializeResult(F.Result)}};
    F.EntryChanged = true;
  }
  Unwritten = !storeEntry(F, Cache);
  return false;
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

namespace {

/// The project root and scope: --project-root, else the git top level
/// above the first path, else its directory.
llvm::Expected<ProjectScope> scopeOf(const PyFrontendOptions &Opts,
                                     std::string &Root) {
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
  Root = Scoping.Root;
  return ProjectScope::create(Scoping);
}

} // namespace

llvm::Expected<AnalysisResult> runPythonFrontend(const PyFrontendOptions &Opts,
                                                 const PyHandler &Handler) {
  std::string Root;
  llvm::Expected<ProjectScope> Scope = scopeOf(Opts, Root);
  if (!Scope)
    return Scope.takeError();
  unsigned Skipped = 0;
  llvm::Expected<std::vector<std::string>> Files =
      findPythonFiles(Opts.Paths, *Scope, Skipped);
  if (!Files)
    return Files.takeError();

  std::vector<PyFile> Work(Files->size());
  for (size_t I = 0; I < Files->size(); ++I) {
    Work[I].Path = (*Files)[I];
    // --diff: every file's classes count, the changed files are analysed.
    Work[I].Analysed = !Opts.Changed || Opts.Changed->count(Work[I].Path);
    if (llvm::sys::fs::file_size(Work[I].Path, Work[I].Size))
      Work[I].Size = 0;
  }
  // Results name files relative to the root: it is part of the salt.
  std::optional<ResultCache> Cache;
  if (!Opts.CacheDir.empty())
    Cache.emplace(Opts.CacheDir, Opts.CacheSalt + '\0' + Root);
  const ResultCache *C = Cache ? &*Cache : nullptr;
  unsigned Threads = Opts.Jobs
                         ? Opts.Jobs
                         : llvm::hardware_concurrency().compute_thread_count();
  // Largest files first: the last file to finish is then a small one, and
  // no thread waits long on another at the end of each stage.
  std::vector<size_t> Order(Work.size());
  std::iota(Order.begin(), Order.end(), size_t(0));
  std::stable_sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    return Work[A].Size > Work[B].Size;
  });
  // Stage 1: every file read and its classes known before any file is
  // analysed: class hierarchies cross files (a project model class derives
  // from another file's nn.Module subclass).
  forEachIndex(Order, Threads, [&](size_t I) {
    readFile(Work[I], *Scope, C != nullptr);
    classifyFile(Work[I], C);
  });
  // Stage 2: the project's classes; what each file's calls of other files'
  // functions pass (2b), gathered by the called file (2c).
  ProjectClasses Classes;
  for (const PyFile &F : Work)
    Classes.add(F.Classes);
  forEachIndex(Order, Threads,
               [&](size_t I) { findCalls(Work[I], Classes, C); });
  linkCalls(Work);
  // Stage 3: each file's results.
  std::mutex Lock;
  unsigned Done = 0, Hits = 0, Unwritten = 0;
  size_t Wanted =
      llvm::count_if(Work, [](const PyFile &F) { return F.Analysed; });
  forEachIndex(Order, Threads, [&](size_t I) {
    PyFile &F = Work[I];
    if (!F.Analysed) {
      // Its classes and calls still serve the next run.
      storeEntry(F, C);
      F.Facts.reset();
      F.Parsed.reset();
      return;
    }
    bool NotStored = false;
    bool Hit = resultOf(F, Classes, Handler, Opts.Catalog, C, NotStored);
    std::lock_guard<std::mutex> Guard(Lock);
    Hits += Hit;
    Unwritten += NotStored;
    if (Opts.Progress)
      llvm::errs() << "[" << ++Done << "/" << Wanted << "] "
                   << F.Result.Errors.File << "\n";
  });
  std::vector<TUResult> Results;
  Results.reserve(Wanted);
  for (PyFile &F : Work)
    if (F.Analysed)
      Results.push_back(std::move(F.Result));
  AnalysisResult R = mergeResults(Results, Root, {});
  R.FilesAnalysed = static_cast<unsigned>(llvm::count_if(
      Results, [](const TUResult &T) { return !T.Errors.unread(); }));
  R.FilesSkipped = Skipped;
  if (C) {
    R.CacheHits = Hits;
    R.CacheMisses = static_cast<unsigned>(Wanted) - Hits;
    R.CacheUnwritten = Unwritten;
  }
  return std::move(R);
}

} // namespace hotpath::py
