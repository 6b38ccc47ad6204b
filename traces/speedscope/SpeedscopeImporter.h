//===- SpeedscopeImporter.h - speedscope's JSON file format ---------------===//
//
// Format: shared frames and a list of profiles, sampled (stacks of frame
// indices, root first, with weights) or evented (open/close events).
//
//   {"$schema": "https://www.speedscope.app/file-format-schema.json",
//    "shared": {"frames": [{"name": "main", "file": "toy.cpp", "line": 30}]},
//    "profiles": [{"type": "sampled", "unit": "nanoseconds",
//                  "samples": [[0, 1]], "weights": [1001001]}]}
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_SPEEDSCOPE_SPEEDSCOPEIMPORTER_H
#define HOTPATH_TRACES_SPEEDSCOPE_SPEEDSCOPEIMPORTER_H

#include "traces/Importer.h"

namespace hotpath {

/// speedscope JSON, sampled and evented profiles (all profiles merged).
class SpeedscopeImporter : public Importer {
public:
  llvm::StringRef format() const override { return "speedscope"; }
  bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const override;
  llvm::Error import(InputFile &In, Profile &P) const override;
};

} // namespace hotpath

#endif
