//===- PerfScriptImporter.h - `perf script` text --------------------------===//
//
// Format: a header line per sample, then its call chain, leaf first, one
// frame per line ("ip symbol+off (dso)"), optionally followed by a srcline
// line (-F +srcline); a blank line ends the sample.
//
//   toy 11783   646.107151:    1001001 cpu-clock:ppp:
//               132b expensive+0x40 (/home/dev/toy)
//     toy.cpp:4
//               1210 main+0x57 (/home/dev/toy)
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_PERF_SCRIPT_PERFSCRIPTIMPORTER_H
#define HOTPATH_TRACES_PERF_SCRIPT_PERFSCRIPTIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// `perf script` output, default layout or with -F +srcline; frame-pointer or
/// DWARF call chains. Weight = period; with several events, the one with the
/// most samples is imported and the others are counted as skipped.
class PerfScriptImporter : public Importer {
public:
  explicit PerfScriptImporter(bool Symbolize = true) : Symbolize(Symbolize) {}
  llvm::StringRef format() const override { return "perf-script"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;

private:
  bool Symbolize;
};

} // namespace hotpath

#endif
