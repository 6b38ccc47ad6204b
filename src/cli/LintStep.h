//===- LintStep.h - What `analyze` needs beyond analysing -----------------===//
#ifndef HOTPATH_CLI_LINTSTEP_H
#define HOTPATH_CLI_LINTSTEP_H

#include "analyzer/Config.h"
#include "model/Profile.h"
#include "model/RankedFinding.h"
#include "ranking/PriorityTable.h"
#include "report/Gate.h"
#include "rules/Rule.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace hotpath {

/// The lines changed since a revision, by `git diff --unified=0 REV` in the
/// repository that holds `Dir`.
struct GitChanges {
  /// The repository's top level (absolute, as git prints it).
  std::string TopLevel;
  ChangedLines Lines;
};
llvm::Expected<GitChanges> gitChangesSince(const std::string &Rev,
                                           const std::string &Dir);

/// What cached results depend on besides the TU: this hotpath binary, the
/// configuration and the user's catalogs.
std::string cacheSalt(const Config &Cfg);

/// The rules that ran, for SARIF's rule descriptors.
std::vector<RuleInfo> ruleInfos(const std::vector<const Rule *> &Rules,
                                const PriorityTable &Table);

/// The profile's flame graph with the functions of findings marked.
std::vector<FlameFrame> flameFrames(const Profile &P,
                                    const std::vector<RankedFinding> &Findings);

} // namespace hotpath

#endif
