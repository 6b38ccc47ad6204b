//===- PstatsImporter.h - Python cProfile / pstats dumps ------------------===//
//
// Format: marshal of {(file, line, func): (cc, nc, tt, ct, callers)} where
// callers = {(file, line, func): (nc, cc, tt, ct)}; written by
// pstats.Stats.dump_stats / cProfile.run(..., filename). Marshal back-
// references (FLAG_REF 0x80 and 'r') are used for repeated strings.
//
//   fb 29 03 fa 28 "/app/prof_toy.py" e9 04 00 00 00 da 04 "main" 29 05 ...
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_PSTATS_PSTATSIMPORTER_H
#define HOTPATH_TRACES_PSTATS_PSTATSIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// Python pstats files: self time (tt), cumulative time (ct) and the caller
/// edges, in seconds.
class PstatsImporter : public Importer {
public:
  llvm::StringRef format() const override { return "pstats"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;
};

} // namespace hotpath

#endif
