//===- MergeResults.cpp ---------------------------------------------------===//
#include "analyzer/MergeResults.h"
#include "analyzer/Suppressions.h"
#include "model/Names.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace hotpath {

namespace {

/// Incomplete files in path order: the order of stderr's warnings.
bool byFile(const IncompleteFile &A, const IncompleteFile &B) {
  return A.File < B.File;
}

/// Drops the findings NOLINT (and in Python `# noqa`) comments silence and
/// collects the unmatched NOLINTBEGIN/END of the files that have findings.
void applySuppressions(AnalysisResult &R) {
  std::map<std::string, std::unique_ptr<Suppressions>> ByFile;
  auto Of = [&](const std::string &File) -> const Suppressions & {
    auto &Slot = ByFile[File];
    if (!Slot) {
      llvm::SmallString<256> Path(File);
      if (!llvm::sys::path::is_absolute(Path))
        Path = R.ProjectRoot + "/" + File;
      auto Buffer = llvm::MemoryBuffer::getFile(Path);
      llvm::StringRef Ext = llvm::sys::path::extension(File);
      Slot = std::make_unique<Suppressions>(Buffer ? (*Buffer)->getBuffer()
                                                   : llvm::StringRef(),
                                            Ext == ".py" || Ext == ".pyi");
      for (const Suppressions::Problem &P : Slot->problems())
        R.SuppressionProblems.push_back(File + ":" + std::to_string(P.Line) +
                                        ": " + P.Message);
    }
    return *Slot;
  };
  std::vector<Finding> Kept;
  for (Finding &F : R.Findings) {
    if (Of(F.Location.File).suppresses(F.Location.Line, F.RuleId))
      ++R.Suppressed;
    else
      Kept.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);
}

} // namespace

AnalysisResult mergeResults(std::vector<TUResult> &Results,
                            const std::string &Root,
                            const std::vector<std::string> &EntryPoints) {
  AnalysisResult R;
  R.ProjectRoot = Root;
  for (TUResult &T : Results) {
    R.Graph.merge(T.Graph);
    if (T.Errors.CompileErrors || T.Errors.unread())
      R.Incomplete.push_back(T.Errors);
    ++R.FilesAnalysed;
  }
  std::map<std::string, Expense> Expensive = R.Graph.expensiveFunctions();
  std::map<std::string, std::string> Impure = R.Graph.impureFunctions();
  // Who calls whom, for the paths from entry points.
  std::map<std::string,
           std::vector<std::pair<const FunctionNode *, const CallSite *>>>
      Callers;
  for (const auto &[Key, Node] : R.Graph.functions())
    for (const CallSite &C : Node.Calls)
      Callers[C.Callee].push_back({&Node, &C});
  // By file and line; ties keep the graph's (key) order: deterministic.
  for (auto &[Key, List] : Callers)
    std::stable_sort(List.begin(), List.end(),
                     [](const auto &A, const auto &B) {
                       return std::tie(A.first->Location.File, A.second->Line) <
                              std::tie(B.first->Location.File, B.second->Line);
                     });
  // The functions where call paths start. The patterns are compiled here
  // from strings that outlive them (GlobPattern refers to its text).
  std::vector<llvm::GlobPattern> Entries;
  for (const std::string &P : EntryPoints)
    if (auto G = llvm::GlobPattern::create(P))
      Entries.push_back(std::move(*G));
    else
      llvm::consumeError(G.takeError()); // validated by the configuration
  auto IsEntry = [&](const FunctionNode &Node) {
    std::string Name = withoutParameters(Node.Name);
    return llvm::any_of(
        Entries, [&](const llvm::GlobPattern &G) { return G.match(Name); });
  };
  // The entry point from which `Key` is reached with no autograd guard on
  // the way, or null. Cycles count as guarded. An entry point that others
  // call is still an entry point (a library's API is called from outside).
  std::map<std::string, const FunctionNode *> Memo;
  std::set<std::string> Visiting;
  std::function<const FunctionNode *(const std::string &)> UnguardedEntry =
      [&](const std::string &Key) -> const FunctionNode * {
    if (auto It = Memo.find(Key); It != Memo.end())
      return It->second;
    if (!Visiting.insert(Key).second)
      return nullptr;
    const FunctionNode *Found = nullptr;
    auto It = Callers.find(Key);
    const FunctionNode *Node = R.Graph.find(Key);
    if (Node && IsEntry(*Node)) {
      Found = Node;
    } else if (It != Callers.end()) {
      for (const auto &[Caller, Site] : It->second)
        if (!Site->GradGuarded && Caller->Key != Key)
          if ((Found = UnguardedEntry(Caller->Key)))
            break;
    }
    Visiting.erase(Key);
    Memo[Key] = Found;
    return Found;
  };
  for (TUResult &T : Results) {
    for (Finding &F : T.Sink.Findings)
      R.Findings.push_back(std::move(F));
    // Hoisting a project function pays only when it is expensive, and is
    // right only when nothing makes two of its calls differ; the message
    // says what makes it expensive.
    for (auto &[Callee, F] : T.Sink.Conditional) {
      auto Why = Expensive.find(Callee);
      if (Why == Expensive.end() || Impure.count(Callee))
        continue;
      F.Message += "; expensive because " + Why->second.Why;
      // Hoisting saves the trip count only when the callee's cost is a
      // catalogued expensive API; a loop of its own is weaker evidence.
      F.CategorySpeedup = !Why->second.CataloguedApi;
      R.Findings.push_back(std::move(F));
    }
    for (auto &[Key, F] : T.Sink.UnguardedPath)
      if (const FunctionNode *Entry = UnguardedEntry(Key)) {
        if (Entry->Key != Key)
          F.Message +=
              ", on the path from '" + withoutParameters(Entry->Name) + "'";
        R.Findings.push_back(std::move(F));
      }
    // Findings about a function that holds only if a loop calls it: the
    // first such call site (by file and line) completes the message.
    for (auto &[Key, F] : T.Sink.CalledInLoop) {
      const FunctionNode *Best = nullptr;
      const CallSite *BestCall = nullptr;
      if (auto It = Callers.find(Key); It != Callers.end())
        for (const auto &[Caller, Site] : It->second)
          if (Site->LoopBegin) {
            Best = Caller;
            BestCall = Site;
            break;
          }
      if (!Best)
        continue;
      F.Message += ", and '" + withoutParameters(Best->Name) +
                   "' calls it in the loop at " + Best->Location.File + ":" +
                   std::to_string(BestCall->LoopBegin) + " (call at line " +
                   std::to_string(BestCall->Line) + ")";
      R.Findings.push_back(std::move(F));
    }
  }
  // Code that only serves console output ranks as diagnostic: findings in
  // a loop that prints every item are marked where they are made
  // (TUContext::makeFinding); here, those in functions only printing code
  // calls.
  std::set<std::string> DiagnosticNames;
  for (const std::string &Key : R.Graph.diagnosticFunctions())
    DiagnosticNames.insert(R.Graph.find(Key)->Name);
  for (Finding &F : R.Findings)
    F.Diagnostic |= DiagnosticNames.count(F.Function) > 0;
  // A header analysed from several TUs yields the same finding several
  // times; keep one.
  // Copies from several template instantiations differ only in the
  // function's name: the first name in order is kept, whatever order the
  // TUs came in.
  std::sort(R.Findings.begin(), R.Findings.end(),
            [](const Finding &A, const Finding &B) {
              if (locationOrder(A, B) || locationOrder(B, A))
                return locationOrder(A, B);
              return A.Function < B.Function;
            });
  R.Findings.erase(std::unique(R.Findings.begin(), R.Findings.end(),
                               [](const Finding &A, const Finding &B) {
                                 return !locationOrder(A, B) &&
                                        !locationOrder(B, A);
                               }),
                   R.Findings.end());
  std::sort(R.Incomplete.begin(), R.Incomplete.end(), byFile);
  applySuppressions(R);
  return R;
}

void mergeInto(AnalysisResult &Into, AnalysisResult Other) {
  Into.Graph.merge(Other.Graph);
  std::move(Other.Findings.begin(), Other.Findings.end(),
            std::back_inserter(Into.Findings));
  std::stable_sort(Into.Findings.begin(), Into.Findings.end(), locationOrder);
  std::move(Other.Incomplete.begin(), Other.Incomplete.end(),
            std::back_inserter(Into.Incomplete));
  std::sort(Into.Incomplete.begin(), Into.Incomplete.end(), byFile);
  std::move(Other.SuppressionProblems.begin(), Other.SuppressionProblems.end(),
            std::back_inserter(Into.SuppressionProblems));
  Into.FilesAnalysed += Other.FilesAnalysed;
  Into.FilesSkipped += Other.FilesSkipped;
  Into.Suppressed += Other.Suppressed;
  Into.CacheHits += Other.CacheHits;
  Into.CacheMisses += Other.CacheMisses;
  Into.CacheUnwritten += Other.CacheUnwritten;
}

} // namespace hotpath
