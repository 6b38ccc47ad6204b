//===- DwarfSymbolizer.cpp ------------------------------------------------===//
#include "traces/common/DwarfSymbolizer.h"
#include "model/Names.h"

#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/Support/FileSystem.h"

#include <cstdlib>

namespace hotpath {

DwarfSymbolizer::DwarfSymbolizer() {
  llvm::symbolize::LLVMSymbolizer::Options Opts;
  Opts.PrintFunctions = llvm::symbolize::FunctionNameKind::LinkageName;
  Opts.Demangle = false; // we want qualified names without parameters
  Opts.DebugFileDirectory = {"/usr/lib/debug"};
  S = std::make_unique<llvm::symbolize::LLVMSymbolizer>(Opts);
}

DwarfSymbolizer::~DwarfSymbolizer() = default;

std::string qualifiedFunctionName(const std::string &Name) {
  llvm::ItaniumPartialDemangler D;
  if (!D.partialDemangle(Name.c_str())) {
    size_t N = 0;
    if (char *Buf = D.getFunctionName(nullptr, &N)) {
      std::string Out(Buf);
      std::free(Buf);
      return Out;
    }
  }
  // Already demangled (or a C name).
  return withoutParameters(Name);
}

const std::vector<SourcePosition> &
DwarfSymbolizer::lookup(const std::string &Binary, uint64_t Address,
                        ImportStats &Stats) {
  auto Key = std::make_pair(Binary, Address);
  auto Hit = Cache.find(Key);
  if (Hit != Cache.end())
    return Hit->second;
  std::vector<SourcePosition> &Out = Cache[Key];
  auto U = Usable.find(Binary);
  if (U == Usable.end()) {
    // The trace names the binary: only a regular file is read (a device,
    // a FIFO or a directory named there would read forever or block).
    llvm::sys::fs::file_status Status;
    bool Exists = !llvm::sys::fs::status(Binary, Status);
    bool Regular = Exists && llvm::sys::fs::is_regular_file(Status);
    if (!Exists)
      Stats.count(Severity::Error, "binary not found: " + Binary);
    else if (!Regular)
      Stats.count(Severity::Error, "not a regular file: " + Binary);
    U = Usable.emplace(Binary, Regular).first;
  }
  if (!U->second)
    return Out;
  llvm::Expected<llvm::DIInliningInfo> Info = S->symbolizeInlinedCode(
      Binary, {Address, llvm::object::SectionedAddress::UndefSection});
  if (!Info) {
    Stats.count(Severity::Error, "cannot read binary " + Binary + ": " +
                                     llvm::toString(Info.takeError()));
    Usable[Binary] = false;
    return Out;
  }
  for (uint32_t I = 0; I < Info->getNumberOfFrames(); ++I) {
    const llvm::DILineInfo &F = Info->getFrame(I);
    if (F.Line == 0 || F.FileName == llvm::DILineInfo::BadString)
      continue;
    Out.push_back({qualifiedFunctionName(F.FunctionName), F.FileName, F.Line});
  }
  if (Out.empty())
    Stats.count(Severity::Info, "addresses without debug info in " + Binary);
  return Out;
}

} // namespace hotpath
