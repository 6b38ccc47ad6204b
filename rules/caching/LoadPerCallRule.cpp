//===- LoadPerCallRule.cpp ------------------------------------------------===//
#include "rules/caching/LoadPerCallRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

namespace hotpath {

LoadPerCallRule::LoadPerCallRule()
    : Rule("caching-load-per-call", Category::Caching) {}

llvm::StringRef LoadPerCallRule::summary() const {
  return "a model or an index is loaded inside a function that a loop calls; "
         "load it once and pass it in";
}

void LoadPerCallRule::check(const TUContext &TU, const FunctionFacts &F,
                            FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    const clang::FunctionDecl *Callee = calleeOf(C.Call);
    // In a loop of this function it is caching-loop-invariant-call's.
    if (C.Loop || !Callee ||
        !TU.catalog().LoadingFunctions.count(qualifiedName(Callee)))
      continue;
    LoopInfo Whole; // the finding is about the call itself
    Finding Out = makeFinding(TU, F, C.Call, Whole);
    Out.Loop = Out.Call;
    std::string Fn = F.decl()->getQualifiedNameAsString();
    Out.Message =
        "'" + qualifiedName(Callee) + "' loads on every call of '" + Fn + "'";
    Out.FixHint = "load once (at start-up, or in a static or member "
                  "initialized on first use) and pass the loaded object to '" +
                  Fn + "'";
    Sink.reportIfCalledInLoop(std::move(Out), TUContext::functionKey(F.decl()));
  }
}

} // namespace hotpath
