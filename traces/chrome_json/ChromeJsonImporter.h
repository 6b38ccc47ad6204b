//===- ChromeJsonImporter.h - Chrome trace events, Kineto, legacy torch ---===//
//
// Format: a JSON array of events, or an object with "traceEvents" (and
// optionally "stackFrames" + "samples"). Complete events (ph "X") and
// begin/end pairs (ph "B"/"E") nest per pid/tid by their intervals.
//
//   {"traceEvents": [
//    {"ph":"X","cat":"cpu_op","name":"aten::addmm","pid":1102,"tid":1102,
//     "ts":5020.25,"dur":60.0,"args":{"External id":112}}, ...]}
//   [{"name":"aten::mm","ph":"X","ts":10,"dur":5,"tid":1,
//     "pid":"CPU functions","args":{}}          <- libtorch's legacy array
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_CHROME_JSON_CHROMEJSONIMPORTER_H
#define HOTPATH_TRACES_CHROME_JSON_CHROMEJSONIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// Chrome trace-event JSON (PyTorch/Kineto layouts, libtorch's legacy
/// autograd-profiler array, stackFrames + samples), parsed as a stream.
class ChromeJsonImporter : public Importer {
public:
  llvm::StringRef format() const override { return "chrome-json"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;
};

} // namespace hotpath

#endif
