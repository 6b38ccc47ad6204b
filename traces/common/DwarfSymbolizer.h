//===- DwarfSymbolizer.h - File, line and inline chain from DWARF ---------===//
#ifndef HOTPATH_TRACES_DWARFSYMBOLIZER_H
#define HOTPATH_TRACES_DWARFSYMBOLIZER_H

#include "model/ImportStats.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace llvm::symbolize {
class LLVMSymbolizer;
}

namespace hotpath {

/// One source position of an inline chain.
struct SourcePosition {
  std::string Function; ///< qualified name without parameters
  std::string File;
  unsigned Line = 0;
};

/// Resolves (binary, address) to its inline chain with LLVM's symbolizer,
/// cached per (binary, address). A missing or stripped binary is counted in
/// the import stats once, never fatal.
class DwarfSymbolizer {
public:
  DwarfSymbolizer();
  ~DwarfSymbolizer();
  /// Innermost frame first; empty when nothing is known.
  const std::vector<SourcePosition> &
  lookup(const std::string &Binary, uint64_t Address, ImportStats &Stats);

private:
  std::unique_ptr<llvm::symbolize::LLVMSymbolizer> S;
  std::map<std::pair<std::string, uint64_t>, std::vector<SourcePosition>> Cache;
  std::map<std::string, bool> Usable;
};

/// "ns::Class::method" for a mangled or demangled name, without parameters.
std::string qualifiedFunctionName(const std::string &Name);

} // namespace hotpath

#endif
