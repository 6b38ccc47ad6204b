//===- Reporter.cpp -------------------------------------------------------===//
#include "report/Reporter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"

namespace hotpath {

namespace {
struct FormatName {
  Format F;
  const char *Name;
};
constexpr FormatName FormatNames[] = {
    {Format::Text, "text"},         {Format::Json, "json"},
    {Format::Sarif, "sarif"},       {Format::Github, "github"},
    {Format::Rdjson, "rdjson"},     {Format::CodeClimate, "codeclimate"},
    {Format::Markdown, "markdown"}, {Format::Html, "html"},
};
} // namespace

std::optional<Format> parseFormat(llvm::StringRef Name) {
  for (const FormatName &N : FormatNames)
    if (Name == N.Name)
      return N.F;
  return std::nullopt;
}

const char *formatNames() {
  return "text, json, sarif, github, rdjson, codeclimate, markdown, html";
}

std::string render(const Report &R, Format F) {
  switch (F) {
  case Format::Text:
    return renderText(R);
  case Format::Json:
    return renderJson(R);
  case Format::Sarif:
    return renderSarif(R);
  case Format::Github:
    return renderGithub(R);
  case Format::Rdjson:
    return renderRdjson(R);
  case Format::CodeClimate:
    return renderCodeClimate(R);
  case Format::Markdown:
    return renderMarkdown(R);
  case Format::Html:
    return renderHtml(R);
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
