//===- ScaleneImporter.h - Scalene's JSON profile (`scalene --json`) ------===//
//
// Format (Scalene 1.5, `python3 -m scalene --json --outfile prof.json
// app.py`; keys sorted):
//
//   {"elapsed_time_sec": 3.2, "files": {"app.py": {
//      "functions": [{"line": "answer", "lineno": 52,
//                     "n_cpu_percent_c": 30.1, "n_cpu_percent_python": 4.0,
//                     "n_sys_percent": 0.2, ...}],
//      "lines": [{"lineno": 58, "line": "    _, ids = ...\n",
//                 "n_cpu_percent_c": 29.0, ...}, ...],
//      "percent_cpu_time": 71.3}, ...}, "program": "app.py", ...}
//
// Per line of the files Scalene profiled (the program's own, not library
// code): the share of the run's CPU samples spent on that line in Python,
// in native code it called, and in the system, as percentages. A sample is
// charged to the innermost frame in a profiled file, so a line that calls a
// library (torch, FAISS) gets the library's time, and a line that calls a
// profiled function does not get that function's. `functions` sums the lines
// per function (`Class.method`) and names each function's first line; the
// lines themselves do not name their function (docs/traces.md, Scalene).
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_SCALENE_SCALENEIMPORTER_H
#define HOTPATH_TRACES_SCALENE_SCALENEIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// Scalene JSON: per-line CPU time (Python + native + system) in seconds,
/// the shares of the run's elapsed time Scalene measured.
class ScaleneImporter : public Importer {
public:
  llvm::StringRef format() const override { return "scalene"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;
};

} // namespace hotpath

#endif
