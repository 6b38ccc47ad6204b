//===- PerfDataImporter.h - Binary perf.data files ------------------------===//
//
// Format: perf's binary file, recognised by its magic "PERFILE2". It is
// decoded by running `perf script -i FILE` (perf knows its own format and the
// build-id cache) and reading that text like any perf script.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_PERF_DATA_PERFDATAIMPORTER_H
#define HOTPATH_TRACES_PERF_DATA_PERFDATAIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// perf.data: converted with `perf script` when perf is installed (the
/// HOTPATH_PERF environment variable names another perf binary), otherwise
/// an error saying which command to run.
class PerfDataImporter : public Importer {
public:
  explicit PerfDataImporter(bool Symbolize) : Symbolize(Symbolize) {}
  llvm::StringRef format() const override { return "perf-data"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;

private:
  bool Symbolize;
};

} // namespace hotpath

#endif
