//===- CallGraphFacts.h - One function's node of the static call graph ----===//
//
// What the cross-TU analysis needs to know of one project function once its
// TU is gone: where it loops, the expensive APIs it calls, why two of its
// calls may differ (impurity), and its call sites (in a loop, under an
// autograd guard, only feeding console output).
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_CALLGRAPHFACTS_H
#define HOTPATH_ANALYZER_CALLGRAPHFACTS_H

#include "analyzer/ProjectScope.h"
#include "analyzer/TUContext.h"
#include "model/StaticCallGraph.h"

namespace hotpath {

/// The call-graph node of the project function `FF` describes.
FunctionNode callGraphNode(const TUContext &TU, const FunctionFacts &FF,
                           ProjectScope &Scope);

} // namespace hotpath

#endif
