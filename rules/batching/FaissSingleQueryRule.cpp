//===- FaissSingleQueryRule.cpp -------------------------------------------===//
#include "rules/batching/FaissSingleQueryRule.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace hotpath {

FaissSingleQueryRule::FaissSingleQueryRule()
    : Rule("batching-faiss-single-query", Category::Batching) {}

llvm::StringRef FaissSingleQueryRule::summary() const {
  return "a FAISS index method (search, add, assign, reconstruct ...) is "
         "called with one vector per loop iteration; pass all vectors at once";
}

namespace {

/// Why the call handles a single item, or empty when it does not.
std::string singleItemReason(const TUContext &TU, const FunctionFacts &F,
                             const BatchableMethod &B,
                             llvm::ArrayRef<const clang::Expr *> Args,
                             const LoopInfo &L) {
  auto Arg = [&](int I) -> const clang::Expr * {
    return I >= 0 && static_cast<size_t>(I) < Args.size() ? Args[I] : nullptr;
  };
  if (const clang::Expr *Key = Arg(B.KeyArg))
    return F.isVariant(Key, L) ? "one key per iteration" : "";
  const clang::Expr *N = Arg(B.NArg);
  if (!N)
    return "";
  // The per-item claim needs evidence: a count of exactly one. A count
  // that is a parameter or an accessor's size may be a whole batch (`add(
  // ksub, centroids(m))`), even when the data pointer moves per iteration.
  clang::Expr::EvalResult R;
  if (!N->isValueDependent() && N->EvaluateAsInt(R, TU.ast()))
    return R.Val.getInt() == 1 ? "n == 1" : "";
  return "";
}

} // namespace

void FaissSingleQueryRule::check(const TUContext &TU, const FunctionFacts &F,
                                 FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    if (!C.Loop)
      continue;
    const BatchableMethod *B = TU.catalog().batchable(calleeOf(C.Call));
    if (!B)
      continue;
    // The loop changes the index it calls (`index.nprobe = p` in a sweep
    // over search parameters): each call runs another configuration, and
    // one batched call could not.
    // (The batchable calls themselves change it too: adds grow it.)
    bool Reconfigured = false;
    if (const clang::Expr *Index = receiverOf(C.Call))
      if (const clang::ValueDecl *V = F.rootVariable(Index))
        for (const clang::Stmt *W : F.definitionsIn(V, *C.Loop)) {
          const auto *WE = llvm::dyn_cast<clang::Expr>(W);
          Reconfigured |= !WE || !TU.catalog().batchable(calleeOf(WE));
        }
    if (Reconfigured)
      continue;
    std::string Reason =
        singleItemReason(TU, F, *B, argumentsOf(C.Call), *C.Loop);
    if (Reason.empty())
      continue;
    Finding Out = makeFinding(TU, F, C.Call, *C.Loop);
    Out.Speedup = B->Speedup;
    Out.PerItem = B->PerItem;
    Out.Message = "faiss '" + B->Method + "' is called with a single vector (" +
                  Reason + ") in the " + loopPhrase(*C.Loop) +
                  "; batch the calls";
    Out.FixHint = "gather the vectors into one contiguous buffer and make " +
                  B->Batched + " outside the loop";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
