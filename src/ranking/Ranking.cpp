//===- Ranking.cpp --------------------------------------------------------===//
#include "ranking/Ranking.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace hotpath {

namespace {

/// Amdahl's law on a call that does per-item work: batching speeds up the
/// part outside it by the rest's range and leaves `PerItem` of the call's
/// time as it is (docs/ranking.md, "Per-item work").
void applyPerItemWork(RankedFinding &R, double PerItem, const PerItemWork &W) {
  auto Whole = [&](double Rest) {
    return 1.0 / (PerItem + (1.0 - PerItem) / Rest);
  };
  R.PerItemFraction = PerItem;
  R.SpeedupLow = Whole(W.Rest.Low);
  R.SpeedupHigh = Whole(W.Rest.High);
  R.ExpectedSpeedup = Whole(std::sqrt(W.Rest.Low * W.Rest.High));
  R.Basis = RankedFinding::SpeedupBasis::Calibrated;
  std::string Callees;
  for (const std::string &C : W.Callees)
    Callees += (Callees.empty() ? "" : ", ") + C;
  R.SpeedupSource = W.Rest.Source + "; the trace put " +
                    std::to_string(static_cast<int>(PerItem * 100 + 0.5)) +
                    "% of the call's time in " + Callees +
                    ", per-item work that batching leaves as it is";
}

} // namespace

std::vector<RankedFinding> rankUnmeasured(std::vector<Finding> Findings,
                                          const PriorityTable &Table) {
  // Without attributions every finding is unmeasured: tier, effort,
  // location.
  return rankMeasured(std::move(Findings), {}, Table, 0.0);
}

std::vector<RankedFinding> rankMeasured(std::vector<Finding> Findings,
                                        const std::vector<Attribution> &A,
                                        const PriorityTable &Table,
                                        double ColdThreshold) {
  std::vector<RankedFinding> Out;
  for (size_t I = 0; I < Findings.size(); ++I) {
    const CategoryPriority &Row = Table.row(Findings[I].Cat);
    RankedFinding R;
    R.Priority = Row.Priority;
    // A finding whose fix is a mechanical edit (a fix-it) is low effort,
    // whatever its category's typical effort: the edit is written.
    R.Effort = Findings[I].FixIts.empty() ? Row.Effort : "low";
    // A speedup calibrated for the flagged API beats the rule's, which
    // beats the category's; each range counts by its geometric mean.
    const SpeedupRange *S = Findings[I].Speedup ? &*Findings[I].Speedup
                            : Findings[I].CategorySpeedup
                                ? nullptr
                                : Table.ruleSpeedup(Findings[I].RuleId);
    if (S) {
      R.ExpectedSpeedup = std::sqrt(S->Low * S->High);
      R.SpeedupLow = S->Low;
      R.SpeedupHigh = S->High;
      R.SpeedupSource = S->Source;
      R.Basis = Findings[I].Speedup ? RankedFinding::SpeedupBasis::Calibrated
                                    : RankedFinding::SpeedupBasis::Rule;
    } else {
      R.ExpectedSpeedup = Row.expectedSpeedup();
      R.SpeedupLow = Row.SpeedupLow;
      R.SpeedupHigh = Row.SpeedupHigh;
    }
    if (I < A.size()) {
      R.Evid = A[I].Evid;
      R.HotFraction = A[I].HotFraction;
      R.MeasuredCalls = A[I].MeasuredCalls;
      if (A[I].PerItemFraction && Findings[I].PerItem)
        applyPerItemWork(R, *A[I].PerItemFraction, *Findings[I].PerItem);
    }
    if (R.HotFraction) {
      R.EstimatedSaving = *R.HotFraction * (1.0 - 1.0 / R.ExpectedSpeedup);
      if (*R.HotFraction < ColdThreshold)
        R.Priority = "skip (cold)";
      // A micro-optimization is skipped unless the trace says its code is
      // hot: then it is worth a low-priority look.
      else if (R.Priority == "skip")
        R.Priority = "low";
    }
    R.F = std::move(Findings[I]);
    Out.push_back(std::move(R));
  }
  // Group: 0 measured and hot, 1 unmeasured, 2 cold.
  auto Group = [&](const RankedFinding &R) {
    if (!R.HotFraction)
      return 1;
    return *R.HotFraction < ColdThreshold ? 2 : 0;
  };
  std::stable_sort(
      Out.begin(), Out.end(),
      [&](const RankedFinding &X, const RankedFinding &Y) {
        int GX = Group(X), GY = Group(Y);
        if (GX != GY)
          return GX < GY;
        if (GX != 1 && *X.EstimatedSaving != *Y.EstimatedSaving)
          return *X.EstimatedSaving > *Y.EstimatedSaving;
        // Without a measurement, library and service code before tests,
        // benchmarks and demos (docs/ranking.md, "Code roles").
        if (GX != 0) {
          CodeRole RX = codeRoleOf(X.F);
          CodeRole RY = codeRoleOf(Y.F);
          if ((RX == CodeRole::Library) != (RY == CodeRole::Library))
            return RX == CodeRole::Library;
        }
        auto KX = std::make_tuple(
            PriorityTable::tierOrder(GX == 2 ? Table.row(X.F.Cat).Priority
                                             : X.Priority),
            PriorityTable::effortOrder(X.Effort));
        auto KY = std::make_tuple(
            PriorityTable::tierOrder(GY == 2 ? Table.row(Y.F.Cat).Priority
                                             : Y.Priority),
            PriorityTable::effortOrder(Y.Effort));
        if (KX != KY)
          return KX < KY;
        return locationOrder(X.F, Y.F);
      });
  for (size_t I = 0; I < Out.size(); ++I)
    Out[I].Rank = I + 1;
  return Out;
}

namespace {

/// Largest saving (or hot share) per code region (the flagged call's lines:
/// two findings on one call share its time), regions in rank order.
std::vector<double> perRegion(const std::vector<RankedFinding> &Ranked,
                              size_t K, bool Saving) {
  std::vector<std::tuple<std::string, unsigned, double>> Regions;
  for (size_t I = 0; I < Ranked.size() && (K == 0 || I < K); ++I) {
    const RankedFinding &R = Ranked[I];
    double V =
        Saving ? R.EstimatedSaving.value_or(0) : R.HotFraction.value_or(0);
    bool Found = false;
    // The code a fix changes: the flagged call's lines.
    unsigned Begin = R.F.Call.Begin ? R.F.Call.Begin : R.F.Loop.Begin;
    for (auto &[File, Line, Best] : Regions)
      if (File == R.F.Location.File && Line == Begin) {
        Best = std::max(Best, V);
        Found = true;
      }
    if (!Found)
      Regions.emplace_back(R.F.Location.File, Begin, V);
  }
  std::vector<double> Out;
  for (const auto &Region : Regions)
    Out.push_back(std::get<2>(Region));
  return Out;
}

} // namespace

double speedupIfFixed(const std::vector<RankedFinding> &Ranked, size_t K) {
  double Saved = 0;
  for (double S : perRegion(Ranked, K, /*Saving=*/true))
    Saved += S;
  Saved = std::min(Saved, 0.999999);
  return 1.0 / (1.0 - Saved);
}

double coveredShare(const std::vector<RankedFinding> &Ranked) {
  double Covered = 0;
  for (double F : perRegion(Ranked, 0, /*Saving=*/false))
    Covered += F;
  return std::min(Covered, 1.0);
}

} // namespace hotpath
