//===- FuzzImport.cpp - libFuzzer target: one trace importer, or sniffing -===//
//
// Built once per format with HOTPATH_FUZZ_FORMAT set to the importer's id
// ("callgrind", "pstats", ...), and once with it empty: detection by
// content over every format. A successful import must give a valid profile;
// the trace report of it must render in text and JSON.
//
//===----------------------------------------------------------------------===//
#include "report/TraceReport.h"
#include "traces/Importer.h"

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace hotpath;
  llvm::Expected<std::unique_ptr<InputFile>> In = InputFile::fromMemory(
      "fuzz.input", std::string(reinterpret_cast<const char *>(Data), Size));
  if (!In) {
    llvm::consumeError(In.takeError());
    return 0;
  }
  ImportOptions Opts;
  Opts.Symbolize = false; // never open binaries a fuzz input names
  llvm::Expected<ImportedTrace> T =
      importTrace(std::move(*In), Opts, HOTPATH_FUZZ_FORMAT);
  if (!T) {
    llvm::consumeError(T.takeError());
    return 0;
  }
  if (llvm::Error E = T->P.checkValid()) {
    std::fprintf(stderr, "invalid profile: %s\n",
                 llvm::toString(std::move(E)).c_str());
    std::abort();
  }
  std::vector<TraceInfo> Sources(1);
  Sources[0].Path = T->Path;
  Sources[0].Format = T->Format;
  (void)renderTraceText(Sources, T->P, 10);
  (void)renderTraceJson(Sources, T->P, 50);
  return 0;
}
