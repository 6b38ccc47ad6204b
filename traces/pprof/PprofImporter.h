//===- PprofImporter.h - pprof profile.proto (gzip) -----------------------===//
//
// Format: a gzip-compressed protobuf perftools.profiles.Profile: a string
// table, functions, locations (one line per inlined frame, innermost first),
// and samples (location ids leaf first, one value per sample type).
//
//   string_table: ["", "cpu", "nanoseconds", "toy::expensive", "toy.cpp"]
//   sample_type {type: 1 unit: 2}
//   function {id: 1 name: 3 filename: 4 start_line: 9}
//   location {id: 1 line {function_id: 1 line: 13}}
//   sample {location_id: [1, 2, 3] value: [1001001]}
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_PPROF_PPROFIMPORTER_H
#define HOTPATH_TRACES_PPROF_PPROFIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// pprof profiles; the default sample type (else the last one) is the
/// weight; inlined lines become inlined frames.
class PprofImporter : public Importer {
public:
  llvm::StringRef format() const override { return "pprof"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;
};

} // namespace hotpath

#endif
