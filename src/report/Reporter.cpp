//===- Reporter.cpp -------------------------------------------------------===//
#include "report/Reporter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"

namespace hotpath {

std::optional<Format> parseFormat(llvm::StringRef Name) {
  if (Name == "text")
    return Format::Text;
  if (Name == "json")
    return Format::Json;
  return std::nullopt;
}

const char *formatNames() { return "text, json"; }

std::string render(const Report &R, Format F) {
  switch (F) {
  case Format::Text:
    return renderText(R);
  case Format::Json:
    return renderJson(R);
  }
  return renderText(R);
}

llvm::Error writeFileAtomically(llvm::StringRef Path,
                                llvm::StringRef Contents) {
  // The temporary file sits next to the target so the rename cannot cross
  // file systems.
  llvm::SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%%%";
  if (llvm::Error E = llvm::writeFileAtomically(Model, Path, Contents))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: cannot write: %s", Path.str().c_str(),
                                   llvm::toString(std::move(E)).c_str());
  return llvm::Error::success();
}

} // namespace hotpath
