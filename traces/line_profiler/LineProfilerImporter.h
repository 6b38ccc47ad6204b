//===- LineProfilerImporter.h - line_profiler (kernprof -l) results -------===//
//
// Two forms of the same data, per profiled function (file, first line,
// name): each line's hits and time.
//
//  - the `.lprof` file `kernprof -l` writes: a pickle (protocol 2-5) of a
//    `line_profiler.LineStats` object whose state is {'timings': {(file,
//    first_lineno, func): [(lineno, nhits, time), ...]}, 'unit': seconds}:
//
//      80 05 95 .. 8c 1c "line_profiler._line_profiler" 94 8c 09 "LineStats"
//
//    Read by a small pickle machine that builds values and never runs or
//    imports anything: a global is a name, an object its class name and
//    state.
//  - the text `python3 -m line_profiler prof.lprof` prints:
//
//      Timer unit: 1e-06 s
//      Total time: 0.0018251 s
//      File: t.py
//      Function: main at line 8
//      Line #      Hits         Time  Per Hit   % Time  Line Contents
//      ==============================================================
//          10         3          3.1      1.0      0.2      for _ in range(3):
//
// line_profiler times only the functions it was told to, and a line's time
// includes the profiled functions it calls (docs/traces.md, line_profiler).
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_LINE_PROFILER_LINEPROFILERIMPORTER_H
#define HOTPATH_TRACES_LINE_PROFILER_LINEPROFILERIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// line_profiler results, `.lprof` pickle or text: per-line time in seconds
/// with hit counts.
class LineProfilerImporter : public Importer {
public:
  llvm::StringRef format() const override { return "line-profiler"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;
};

} // namespace hotpath

#endif
