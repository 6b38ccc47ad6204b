//===- CallgrindImporter.h - Valgrind callgrind output --------------------===//
//
// Format (callgrind.out.<pid>): a header, then per function its self cost
// lines ("<line> <cost>") and calls ("calls=<n> <target>" followed by one
// line "<line> <inclusive cost>"). Names are compressed: "(id) name" defines,
// "(id)" refers.
//
//   events: Ir
//   fl=(1) toy.cpp
//   fn=(12) toy::Model::infer(...)
//   23 204800
//   cfn=(14) toy::expensive(double)
//   calls=25600 10
//   23 563609600
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_CALLGRIND_CALLGRINDIMPORTER_H
#define HOTPATH_TRACES_CALLGRIND_CALLGRINDIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// callgrind.out files: name and position compression, fi/fe inline files,
/// calls= lines for inclusive cost, several parts. The first event column is
/// the weight.
class CallgrindImporter : public Importer {
public:
  llvm::StringRef format() const override { return "callgrind"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;
};

} // namespace hotpath

#endif
