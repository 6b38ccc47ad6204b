//===- Ranking.cpp --------------------------------------------------------===//
#include "ranking/Ranking.h"

#include <algorithm>
#include <tuple>

namespace hotpath {

std::vector<RankedFinding> rankUnmeasured(std::vector<Finding> Findings,
                                          const PriorityTable &Table) {
  std::vector<RankedFinding> Out;
  for (Finding &F : Findings) {
    const CategoryPriority &Row = Table.row(F.Cat);
    RankedFinding R;
    R.Priority = Row.Priority;
    R.Effort = Row.Effort;
    R.ExpectedSpeedup = Row.expectedSpeedup();
    R.Evid = Evidence::Unmeasured;
    R.F = std::move(F);
    Out.push_back(std::move(R));
  }
  auto Key = [](const RankedFinding &R) {
    return std::make_tuple(PriorityTable::tierOrder(R.Priority),
                           PriorityTable::effortOrder(R.Effort));
  };
  std::stable_sort(Out.begin(), Out.end(),
                   [&](const RankedFinding &A, const RankedFinding &B) {
                     if (Key(A) != Key(B))
                       return Key(A) < Key(B);
                     return locationOrder(A.F, B.F);
                   });
  for (size_t I = 0; I < Out.size(); ++I)
    Out[I].Rank = I + 1;
  return Out;
}

} // namespace hotpath
