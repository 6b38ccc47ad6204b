//===- HostSyncInLoopRule.cpp ---------------------------------------------===//
#include "rules/code_level/HostSyncInLoopRule.h"
#include "model/Names.h"
#include "rules/RuleUtils.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

#include <functional>

using namespace clang;

namespace hotpath {

namespace {

/// The value read by the call at `Read` decides whether the loop goes on: it
/// is in the loop's condition or in a variable the condition tests
/// (`while (running > 0.1) { … running = … loss.item<float>() …; }`), or in
/// the condition of an `if` in the body whose branch leaves the loop: a
/// break, a return, a throw or a failed check (`if (loss.item<float>() <
/// tol) break;`, `AT_ASSERT(!isnan(loss).any().item<bool>())`). Such a read
/// is the loop's own control flow, not a removable wait.
bool decidesLoopExit(const TUContext &TU, const FunctionFacts &F,
                     const LoopInfo &L, const Expr *Read) {
  auto Leaves = [&](const Stmt *S) {
    return anyUnder(S, [&](const Stmt *X) {
      return isa<BreakStmt>(X) || isa<ReturnStmt>(X) || isa<CXXThrowExpr>(X) ||
             endsCold(X, TU.ast());
    });
  };
  if (isUnder(Read, L.Condition))
    return true;
  if (L.Condition)
    for (const ValueDecl *V : F.referencedVars(L.Condition, L))
      for (const Stmt *D : F.definitionsIn(V, L))
        if (isUnder(Read, D))
          return true;
  return anyUnder(loopBody(L), [&](const Stmt *S) {
    const auto *If = dyn_cast<IfStmt>(S);
    return If && isUnder(Read, If->getCond()) &&
           (Leaves(If->getThen()) || Leaves(If->getElse()));
  });
}

/// The `.item()` call in the helper `Call` calls (outside the helper's own
/// loops) that reads a device tensor: one the helper moved itself, or one
/// computed from an argument that is on the device at the call. Sets `Moved`
/// to the move that put it there. Null when there is none.
const Expr *helperDeviceRead(const TUContext &TU, const FunctionFacts &F,
                             const Expr *Call, const FunctionFacts *&Helper,
                             const Expr *&Moved) {
  Helper = TU.factsOf(calleeOf(Call));
  if (!Helper)
    return nullptr;
  auto Args = helperArguments(TU, Call);
  for (const CallFact &Inner : Helper->calls()) {
    if (Inner.Loop || !isItemCall(Inner.Call))
      continue;
    const Expr *Tensor = receiverOf(Inner.Call);
    if ((Moved = deviceOrigin(TU, *Helper, Tensor)))
      return Inner.Call;
    for (const auto &[Param, Arg] : Args)
      if (Helper->dependsOnParam(Tensor, Param))
        if ((Moved = deviceOrigin(TU, F, Arg)))
          return Inner.Call;
  }
  return nullptr;
}

} // namespace

HostSyncInLoopRule::HostSyncInLoopRule()
    : Rule("code-level-host-sync-in-loop", Category::CodeLevel) {}

llvm::StringRef HostSyncInLoopRule::summary() const {
  return ".item() of a device tensor on every iteration of a loop waits for "
         "the device; accumulate on the device and read once";
}

void HostSyncInLoopRule::check(const TUContext &TU, const FunctionFacts &F,
                               FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    if (!C.Loop)
      continue;
    const LoopInfo &L = *C.Loop;
    std::string What;
    const Expr *Moved = nullptr;
    if (isItemCall(C.Call)) {
      const Expr *Tensor = receiverOf(C.Call);
      // One element per item is the per-item and per-element rules' finding
      // (batch the items, or read the tensor once).
      if (!Tensor || classify(TU, F, Tensor, L) == Granularity::PerItem ||
          !(Moved = deviceOrigin(TU, F, Tensor)))
        continue;
      What = "'" + sourceText(TU, C.Call) + "' waits for the device";
    } else {
      // A helper that transfers the loop's item is batching-per-item-
      // transfer's finding; batching it removes the read too.
      if (helperItemTransfer(TU, F, C.Call, L).Inner)
        continue;
      const FunctionFacts *Helper = nullptr;
      const Expr *Read = helperDeviceRead(TU, F, C.Call, Helper, Moved);
      if (!Read)
        continue;
      What = "'" + sourceText(TU, C.Call) + "' waits for the device: '" +
             withoutParameters(TU.functionName(Helper->decl())) + "' reads '" +
             sourceText(TU, Read) + "' (" + positionPhrase(TU, Read, C.Call) +
             ")";
    }
    // Last: both walk the loop body.
    if (underPeriodicCondition(L, C.Call) || decidesLoopExit(TU, F, L, C.Call))
      continue;
    Finding Out = makeFinding(TU, F, C.Call, L);
    Out.Message = What + " on every iteration of the " + loopPhrase(L) +
                  " (the tensor is on the device from '" +
                  sourceText(TU, Moved) + "', " +
                  positionPhrase(TU, Moved, C.Call) +
                  "); accumulate on the device and read once after the loop";
    Out.FixHint = "keep the running value a tensor on the device (total += "
                  "loss.detach()) and call .item() once after the loop, or "
                  "every N iterations";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
