//===- PerfDataImporter.cpp -----------------------------------------------===//
#include "traces/perf_data/PerfDataImporter.h"
#include "traces/perf_script/PerfScriptImporter.h"

#include "llvm/ADT/Optional.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <cstdlib>

namespace hotpath {

bool PerfDataImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  return Prefix.startswith("PERFILE2");
}

llvm::Error PerfDataImporter::import(InputFile &In, Profile &P) const {
  std::string Command =
      "perf script -i " + In.path() + " > " + In.path() + ".txt";
  std::string Perf;
  if (const char *Env = std::getenv("HOTPATH_PERF"))
    Perf = Env;
  else if (llvm::ErrorOr<std::string> Found =
               llvm::sys::findProgramByName("perf"))
    Perf = *Found;
  if (Perf.empty() || !llvm::sys::fs::can_execute(Perf))
    return traceError(In.path(), "perf.data needs perf to decode, which is "
                                 "not installed; run '" +
                                     Command + "' elsewhere and pass the text");
  llvm::SmallString<128> Text, Errors;
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("hotpath-perf", "txt", Text))
    return traceError(In.path(),
                      "cannot create a temporary file: " + EC.message());
  llvm::sys::fs::createTemporaryFile("hotpath-perf", "err", Errors);
  llvm::FileRemover RemoveText(Text), RemoveErrors(Errors);
  llvm::Optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(Text), llvm::StringRef(Errors)};
  std::string Path = In.path();
  int Rc = llvm::sys::ExecuteAndWait(Perf, {Perf, "script", "-i", Path}, {},
                                     Redirects);
  if (Rc != 0) {
    auto Err = llvm::MemoryBuffer::getFile(Errors);
    std::string Why =
        Err ? (*Err)->getBuffer().split('\n').first.trim().str() : "";
    return traceError(In.path(), "'perf script -i " + Path + "' failed" +
                                     (Why.empty() ? "" : ": " + Why));
  }
  llvm::Expected<std::unique_ptr<InputFile>> Script =
      InputFile::open(std::string(Text));
  if (!Script)
    return Script.takeError();
  P.stats().count(Severity::Info, "decoded with 'perf script'");
  return PerfScriptImporter(Symbolize).import(**Script, P);
}

} // namespace hotpath
