//===- FindingsSink.h - Where rules report findings -----------------------===//
#ifndef HOTPATH_MODEL_FINDINGSSINK_H
#define HOTPATH_MODEL_FINDINGSSINK_H

#include "model/Finding.h"

#include <string>
#include <utility>
#include <vector>

namespace hotpath {

/// Collects the findings of one translation unit. Rules only report into a
/// sink; they never print, rank or format (clang-tidy's diag(), Bloaty's
/// RangeSink).
class FindingsSink {
public:
  /// Reports a finding.
  void report(Finding F) { Findings.push_back(std::move(F)); }
  /// Reports a finding that holds only if the project function `CalleeKey`
  /// turns out to be expensive once every TU has been analysed.
  void reportIfExpensive(Finding F, std::string CalleeKey) {
    Conditional.emplace_back(std::move(CalleeKey), std::move(F));
  }

  /// Reports a finding that holds only if some analysed function calls the
  /// project function `FunctionKey` from inside a loop; the message is
  /// completed with that call site once every TU has been analysed.
  void reportIfCalledInLoop(Finding F, std::string FunctionKey) {
    CalledInLoop.emplace_back(std::move(FunctionKey), std::move(F));
  }
  /// Reports a finding that holds only if a path of calls from an entry
  /// point (a function no analysed function calls) reaches the project
  /// function `FunctionKey` with no autograd guard in scope at any call.
  void reportIfUnguardedPath(Finding F, std::string FunctionKey) {
    UnguardedPath.emplace_back(std::move(FunctionKey), std::move(F));
  }
  std::vector<Finding> Findings;
  std::vector<std::pair<std::string, Finding>> UnguardedPath;
  std::vector<std::pair<std::string, Finding>> Conditional;
  std::vector<std::pair<std::string, Finding>> CalledInLoop;
};

} // namespace hotpath

#endif
