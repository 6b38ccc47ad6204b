//===- ProjectScope.cpp ---------------------------------------------------===//
#include "analyzer/ProjectScope.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace hotpath {

const char *const VendoredDirectoryNames[] = {
    "_deps",    "third_party", "third-party", "thirdparty", "3rdparty",
    "external", "extern",      "vendor",      "vendored",   nullptr};

namespace {

std::string withoutTrailingSeparators(std::string P) {
  while (P.size() > 1 && llvm::sys::path::is_separator(P.back()))
    P.pop_back();
  return P;
}

bool isUnder(llvm::StringRef Path, llvm::StringRef Dir) {
  if (Dir.empty() || !Path.startswith(Dir))
    return false;
  return Path.size() == Dir.size() || Dir == "/" ||
         llvm::sys::path::is_separator(Path[Dir.size()]);
}

/// CMAKE_HOME_DIRECTORY from a CMake cache: the source tree of the build.
std::string cmakeSourceDir(llvm::StringRef DbDir) {
  llvm::SmallString<256> Cache(DbDir);
  llvm::sys::path::append(Cache, "CMakeCache.txt");
  auto Buffer = llvm::MemoryBuffer::getFile(Cache);
  if (!Buffer)
    return "";
  llvm::StringRef Text = (*Buffer)->getBuffer();
  while (!Text.empty()) {
    llvm::StringRef Line;
    std::tie(Line, Text) = Text.split('\n');
    if (Line.consume_front("CMAKE_HOME_DIRECTORY:INTERNAL="))
      return withoutTrailingSeparators(Line.rtrim().str());
  }
  return "";
}

std::string gitTopLevel(llvm::StringRef Dir) {
  llvm::SmallString<256> D(Dir);
  while (!D.empty()) {
    llvm::SmallString<256> Git(D);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return std::string(D.str());
    llvm::StringRef Parent = llvm::sys::path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent;
  }
  return "";
}

std::string commonDirectory(const std::vector<std::string> &Files) {
  if (Files.empty())
    return "/";
  std::string Common = llvm::sys::path::parent_path(Files.front()).str();
  for (const std::string &F : Files)
    while (!Common.empty() && !isUnder(F, Common))
      Common = llvm::sys::path::parent_path(Common).str();
  return Common.empty() ? "/" : Common;
}

} // namespace

std::string defaultProjectRoot(llvm::StringRef DbDir,
                               const std::vector<std::string> &Files) {
  if (std::string Git = gitTopLevel(DbDir); !Git.empty())
    return Git;
  if (std::string Source = cmakeSourceDir(DbDir); !Source.empty())
    return Source;
  for (const std::string &F : Files)
    if (isUnder(F, DbDir))
      return DbDir.str();
  return commonDirectory(Files);
}

ProjectScope::ProjectScope(std::string R) {
  Opts.Root = withoutTrailingSeparators(std::move(R));
}

llvm::Expected<ProjectScope> ProjectScope::create(ScopeOptions Options) {
  ProjectScope S;
  S.Opts = std::move(Options);
  S.Opts.Root = withoutTrailingSeparators(S.Opts.Root);
  S.Opts.BuildDir = withoutTrailingSeparators(S.Opts.BuildDir);
  if (S.Opts.BuildDir == S.Opts.Root || !isUnder(S.Opts.BuildDir, S.Opts.Root))
    S.Opts.BuildDir.clear(); // a database at the root is not a build tree
  for (const std::string &P : S.Opts.Exclude) {
    llvm::Expected<llvm::GlobPattern> G = llvm::GlobPattern::create(P);
    if (!G)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "invalid exclude glob '%s': %s", P.c_str(),
                                     llvm::toString(G.takeError()).c_str());
    S.Excludes.push_back(std::make_shared<llvm::GlobPattern>(std::move(*G)));
  }
  return S;
}

bool ProjectScope::underRoot(llvm::StringRef Path) const {
  return isUnder(Path, Opts.Root);
}

bool ProjectScope::isProjectPath(llvm::StringRef Path) const {
  if (!underRoot(Path))
    return false;
  if (!Opts.BuildDir.empty() && isUnder(Path, Opts.BuildDir))
    return false;
  llvm::StringRef Rel =
      Path.drop_front(Opts.Root == "/" ? 1 : Opts.Root.size());
  Rel = Rel.ltrim("/");
  for (auto It = llvm::sys::path::begin(Rel), E = llvm::sys::path::end(Rel);
       It != E; ++It)
    for (const char *const *V = VendoredDirectoryNames; *V; ++V)
      if (*It == *V && std::next(It) != E)
        return false;
  for (const auto &G : Excludes)
    if (G->match(Rel))
      return false;
  return true;
}

bool ProjectScope::isProjectLocation(const clang::SourceManager &SM,
                                     clang::SourceLocation Loc) {
  if (Loc.isInvalid())
    return false;
  Loc = SM.getExpansionLoc(Loc);
  clang::FileID FID = SM.getFileID(Loc);
  auto It = Cache.find(FID.getHashValue());
  if (It != Cache.end())
    return It->second;
  bool Project = false;
  if (!SM.isInSystemHeader(Loc))
    if (const clang::FileEntry *FE = SM.getFileEntryForID(FID)) {
      llvm::SmallString<256> Path(FE->tryGetRealPathName());
      if (Path.empty())
        Path = FE->getName();
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      Project = isProjectPath(Path);
    }
  Cache[FID.getHashValue()] = Project;
  return Project;
}

std::string ProjectScope::relativePath(llvm::StringRef Path) const {
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  llvm::StringRef S = P;
  if (Opts.Root != "/" && underRoot(S) && S.size() > Opts.Root.size())
    return S.substr(Opts.Root.size() + 1).str();
  return S.str();
}

} // namespace hotpath
