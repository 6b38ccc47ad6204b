//===- HostSyncInLoopRule.h - code-level-host-sync-in-loop ----------------===//
#ifndef HOTPATH_RULES_HOSTSYNCINLOOPRULE_H
#define HOTPATH_RULES_HOSTSYNCINLOOPRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// `.item()` of a device tensor on every iteration of a loop, directly or in
/// a project helper the loop calls: each read waits for the device to finish
/// its queued work. Documented in docs/rules/code-level-host-sync-in-loop.md.
class HostSyncInLoopRule : public Rule {
public:
  HostSyncInLoopRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
