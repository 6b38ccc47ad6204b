//===- ProjectScope.cpp ---------------------------------------------------===//
#include "analyzer/ProjectScope.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace hotpath {

ProjectScope::ProjectScope(std::string R) : Root(std::move(R)) {
  while (Root.size() > 1 && llvm::sys::path::is_separator(Root.back()))
    Root.pop_back();
}

bool ProjectScope::isProjectPath(llvm::StringRef Path) const {
  if (!Path.startswith(Root))
    return false;
  return Path.size() == Root.size() ||
         llvm::sys::path::is_separator(Path[Root.size()]) || Root == "/";
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
  if (Root != "/" && isProjectPath(S) && S.size() > Root.size())
    return S.substr(Root.size() + 1).str();
  return S.str();
}

} // namespace hotpath
