//===- Profile.h - What a trace measured ---------------------------------===//
//
// Importers write only through the interning API: internFrame(),
// internCallsite() and addSample() for sampled and span formats (a calling
// context tree: memory grows with distinct stacks, not with events), and
// addFunctionCost() / addCallCost() for call-graph formats (callgrind,
// pstats) that have no stacks. finalize() derives the function-level call
// graph with self and inclusive weight per function and per (function,
// line); checkValid() states the invariants every test checks.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_MODEL_PROFILE_H
#define HOTPATH_MODEL_PROFILE_H

#include "model/ImportStats.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace hotpath {

using FrameId = uint32_t;
using NodeId = uint32_t;
using FunctionId = uint32_t;

/// One frame as a trace names it. A frame with a line is one source line of
/// a function; without, the whole function.
struct Frame {
  std::string Name;
  std::string File; ///< source file, empty when unknown
  unsigned Line = 0;
  std::string Dso; ///< binary or library, empty when unknown
  /// Inlined into the frame below it (perf --inline, DWARF inline chains).
  bool Inlined = false;
  friend bool operator<(const Frame &A, const Frame &B) {
    return std::tie(A.Name, A.File, A.Line, A.Dso, A.Inlined) <
           std::tie(B.Name, B.File, B.Line, B.Dso, B.Inlined);
  }
};

/// Self and inclusive weight of a function or a source line.
struct Weights {
  double Self = 0;
  double Inclusive = 0;
  /// Times the function was called or the line ran, for formats that count
  /// them (pstats, callgrind, line_profiler); 0 when the trace counts none.
  uint64_t Calls = 0;
};

/// A function of the profile: frames with the same name and file (or dso
/// when the file is unknown) are one function.
struct ProfileFunction {
  std::string Name;
  std::string File;
  std::string Dso;
  unsigned FirstLine = 0; ///< smallest line seen, 0 if none
  Weights W;
};

class CallGraph;

/// One box of a flame graph: a function on one call path, its depth (1 =
/// outermost), and where it starts and how wide it is, in weight.
struct FlameBox {
  FunctionId Function = 0;
  unsigned Depth = 1;
  double Start = 0;
  double Width = 0;
};

/// What one or more traces of the same program measured.
class Profile {
public:
  Profile();
  ~Profile();
  Profile(Profile &&);
  Profile &operator=(Profile &&);

  static constexpr NodeId Root = 0;
  /// The explicit node for weight no frame explains; never vanishes.
  static constexpr const char *Unattributed = "[unattributed]";
  /// Bounds that keep memory finite whatever a trace names (docs/fuzzing.md):
  /// distinct frames beyond MaxFrames, or whose text would take the distinct
  /// frames' names, files and DSOs past MaxFrameBytes, share the frame
  /// FramesBeyondLimit; stacks that would need more than MaxNodes calling
  /// contexts are cut. All are counted as data loss; weights are never
  /// dropped.
  static constexpr size_t MaxFrames = size_t(1) << 20;
  static constexpr size_t MaxFrameBytes = size_t(64) << 20;
  static constexpr size_t MaxNodes = size_t(1) << 23;
  static constexpr const char *FramesBeyondLimit = "[frames beyond the limit]";

  // --- Interning API (the only way importers write) ---
  FrameId internFrame(const Frame &F);
  /// The calling-context node for `F` called from `Parent` (Root for the
  /// outermost frame).
  NodeId internCallsite(NodeId Parent, FrameId F);
  /// Adds self weight to a calling-context node (a sample's leaf, or a span's
  /// self time). Negative or non-finite weights are rejected and counted.
  void addSample(NodeId Leaf, double Weight);
  /// Call-graph formats: self cost of a function frame (of a line, for a
  /// frame with a line), and how often it was called (ran) when counted.
  void addFunctionCost(FrameId Function, double Self, uint64_t Calls = 0);
  /// Call-graph formats: inclusive cost of the calls from `Caller` to
  /// `Callee`, and their number when counted.
  void addCallCost(FrameId Caller, FrameId Callee, double Inclusive,
                   uint64_t Calls = 0);
  /// Line formats whose line times include calls they do not resolve
  /// (line_profiler's time of a line that calls other profiled code): the
  /// line's inclusive cost, with no self cost.
  void addLineTime(FrameId Line, double Inclusive);
  /// Call-graph formats that name the line a function's definition starts
  /// at (pstats' `def` line): the function's FirstLine, but no cost line.
  void setFirstLine(FrameId Function, unsigned Line);
  /// Call-graph formats where the trace states a function's inclusive cost
  /// directly (pstats' cumulative time).
  void setInclusive(FrameId Function, double Inclusive);
  /// Counts one imported record (sample, event, cost line).
  void countEvents(uint64_t N = 1) { Events += N; }

  /// Line formats that charge a sample to the innermost line of profiled
  /// code (Scalene): a line's time lacks the profiled functions it calls,
  /// which the format does not name.
  void setLinesExcludeProfiledCallees() { LinesExcludeCallees = true; }
  bool linesExcludeProfiledCallees() const { return LinesExcludeCallees; }

  void setUnit(std::string U) { Unit = std::move(U); }
  const std::string &unit() const { return Unit; }
  ImportStats &stats() { return Stats; }
  const ImportStats &stats() const { return Stats; }
  uint64_t events() const { return Events; }

  /// Adds another profile of the same program (same unit) into this one.
  llvm::Error merge(const Profile &Other);

  /// Derives functions, lines and the call graph. Idempotent.
  void finalize();
  /// Ids unique, no dangling edge, self <= inclusive, children <= parent,
  /// totals add up. Call after finalize().
  llvm::Error checkValid() const;

  // --- Results (after finalize) ---
  double total() const { return Total; }
  const std::vector<Frame> &frames() const { return Frames; }
  const std::vector<ProfileFunction> &functions() const { return Functions; }
  /// (function, line) -> weights, for frames that carry a line.
  const std::map<std::pair<FunctionId, unsigned>, Weights> &lines() const {
    return Lines;
  }
  const CallGraph &callGraph() const { return *Graph; }
  /// From the root, following the heaviest child: (function, weight). On
  /// the calling-context tree when the trace has stacks (weights are then
  /// path-specific and never grow), else on the call graph. Stops where the
  /// heaviest child has less than 0.5% of the total (pprof's node fraction).
  std::vector<std::pair<FunctionId, double>> hotPath() const;
  /// Weight per group of functions (`GroupOf[F]` is F's group, or -1), each
  /// sample counted once, for the outermost grouped frame of its stack: a
  /// group's operations that run inside another group's belong to that
  /// other group. Without stacks (call-graph formats): a group's inclusive
  /// time less its calls from grouped functions.
  std::vector<double> outermostWeights(const std::vector<int> &GroupOf,
                                       size_t Groups) const;
  /// On the calling-context tree: the weight of the stacks through an
  /// `Anchor` frame, and of those the part that also runs in an `Inner`
  /// function below the outermost anchor — how much of a call's time is in
  /// given callees. {0, 0} without stacks (call-graph formats).
  std::pair<double, double>
  weightUnder(llvm::function_ref<bool(FrameId)> Anchor,
              llvm::function_ref<bool(FunctionId)> Inner) const;
  /// The calling-context tree merged by function (frames of one function on
  /// one path are one box), children in name order, boxes narrower than
  /// `MinFraction` of the total left out (with everything above them), at
  /// most `MaxDepth` deep. Parents before children. Empty without stacks
  /// (call-graph formats).
  std::vector<FlameBox> flameGraph(double MinFraction,
                                   unsigned MaxDepth = 64) const;
  /// Function of a frame (after finalize).
  FunctionId functionOf(FrameId F) const { return FrameFunction.at(F); }
  /// Canonical, sorted text dump for golden tests.
  std::string dump() const;

private:
  struct Node {
    NodeId Parent;
    FrameId Frame;
    double Self = 0;
  };
  std::vector<Frame> Frames;
  std::map<Frame, FrameId> FrameIndex;
  size_t FrameBytes = 0; ///< text of the distinct frames
  std::vector<Node> Nodes;
  std::unordered_map<uint64_t, NodeId> NodeIndex;
  // Call-graph format input.
  std::map<FrameId, double> FunctionSelf;
  std::map<std::pair<FrameId, FrameId>, double> CallCost;
  std::map<FrameId, double> GivenInclusive;
  std::map<FrameId, uint64_t> FunctionCalls;
  std::map<std::pair<FrameId, FrameId>, uint64_t> CallCount;
  std::map<FrameId, unsigned> GivenFirstLine;
  std::map<FrameId, double> LineTime;

  std::string Unit;
  bool LinesExcludeCallees = false;
  uint64_t Events = 0;
  ImportStats Stats;

  // Derived.
  bool Finalized = false;
  double Total = 0;
  std::vector<FunctionId> FrameFunction;
  std::vector<double> Subtree; ///< per calling-context node
  std::vector<ProfileFunction> Functions;
  std::map<std::pair<FunctionId, unsigned>, Weights> Lines;
  std::unique_ptr<CallGraph> Graph;

  void finalizeTree();
  void finalizeCallCosts();
  /// Brings call-graph formats' disagreeing records to consistency, counted.
  void repairCallCosts();
  FunctionId functionFor(
      const Frame &F,
      std::map<std::tuple<std::string, std::string>, FunctionId> &Index);
};

} // namespace hotpath

#endif
