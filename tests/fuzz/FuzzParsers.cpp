//===- FuzzParsers.cpp - libFuzzer targets: configuration, baseline, cache
//-===//
//
// One source, three targets (HOTPATH_FUZZ_PARSER = config | baseline |
// cache): each parses the fuzz input as what a repository or a CI cache
// hands hotpath, and must return a value or an error, never crash.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Config.h"
#include "analyzer/ResultCache.h"
#include "report/Gate.h"

#include <string>

#define HOTPATH_CONFIG 1
#define HOTPATH_BASELINE 2
#define HOTPATH_CACHE 3

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace hotpath;
  std::string Text(reinterpret_cast<const char *>(Data), Size);
#if HOTPATH_FUZZ_PARSER == HOTPATH_CONFIG
  llvm::Expected<Config> C = Config::parse(Text, "fuzz/.hotpath.yaml");
  if (C)
    (void)C->dump();
  else
    llvm::consumeError(C.takeError());
#elif HOTPATH_FUZZ_PARSER == HOTPATH_BASELINE
  llvm::Expected<Baseline> B = readBaseline(Text, "fuzz.baseline.json");
  if (!B)
    llvm::consumeError(B.takeError());
#elif HOTPATH_FUZZ_PARSER == HOTPATH_CACHE
  if (std::optional<TUResult> R = deserializeResult(Text))
    (void)serializeResult(*R);
#else
#error "HOTPATH_FUZZ_PARSER must name a parser"
#endif
  return 0;
}
