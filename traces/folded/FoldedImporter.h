//===- FoldedImporter.h - FlameGraph collapsed stacks ---------------------===//
//
// Format: one stack per line, root first, frames separated by ';', then a
// space and the weight. py-spy writes frames as "func (file:line)".
//
//   toy;__libc_start_call_main;main;Model::infer;expensive 215215215
//   <module> (app.py:10);main (app.py:4);score (app.py:20) 37
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_FOLDED_FOLDEDIMPORTER_H
#define HOTPATH_TRACES_FOLDED_FOLDEDIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// Folded stacks (FlameGraph's stackcollapse output, py-spy --format raw).
class FoldedImporter : public Importer {
public:
  llvm::StringRef format() const override { return "folded"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;
};

} // namespace hotpath

#endif
