//===- FuzzParsers.cpp - libFuzzer targets for what a repository hands in -===//
//
// One source, four targets (HOTPATH_FUZZ_PARSER = config | baseline | cache
// | compile_db): each parses the fuzz input as what a repository or a CI
// cache hands hotpath, and must return a value or an error, never crash.
//
//===----------------------------------------------------------------------===//
#include "analyzer/CompileDatabase.h"
#include "analyzer/Config.h"
#include "analyzer/ResultCache.h"
#include "report/Gate.h"

#include <string>

#define HOTPATH_CONFIG 1
#define HOTPATH_BASELINE 2
#define HOTPATH_CACHE 3
#define HOTPATH_COMPILE_DB 4

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
#elif HOTPATH_FUZZ_PARSER == HOTPATH_COMPILE_DB
  // The database, then each file's commands as hotpath would run them
  // (arguments parsed by Clang's driver tables, never executed).
  llvm::Expected<CompileDatabase> Db =
      CompileDatabase::parse(Text, "/fuzz/compile_commands.json");
  if (!Db) {
    llvm::consumeError(Db.takeError());
    return 0;
  }
  for (const std::string &F : Db->files()) {
    llvm::Expected<std::vector<CompileJob>> Jobs = Db->jobsFor(F);
    if (!Jobs) {
      llvm::consumeError(Jobs.takeError());
      continue;
    }
    for (CompileJob &J : *Jobs)
      (void)compilerArguments(std::move(J.CommandLine), F, "/resource");
  }
#else
#error "HOTPATH_FUZZ_PARSER must name a parser"
#endif
  return 0;
}
