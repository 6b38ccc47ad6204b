//===- PerItemInferenceRule.cpp -------------------------------------------===//
#include "rules/batching/PerItemInferenceRule.h"
#include "model/Names.h"
#include "rules/RuleUtils.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

#include <functional>

using namespace clang;

namespace hotpath {

namespace {

/// The type (a module, its holder, a pointer or reference to one, or a
/// class holding modules) contains a module whose training-mode output
/// depends on the rest of the batch (catalog `batch_statistics_modules`):
/// as the class itself, a template argument, a base, a field, or a layer
/// its constructors build (`Sequential{…, BatchNorm1d(64), …}`).
bool holdsBatchStatistics(const ApiCatalog &Catalog, QualType T, unsigned Depth,
                          llvm::SmallPtrSetImpl<const CXXRecordDecl *> &Seen) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || Depth > 4 || !Seen.insert(RD).second)
    return false;
  for (const std::string &Name : Catalog.BatchStatisticsModules)
    if (ApiCatalog::recordMatches(RD, Name, /*Derived=*/true))
      return true;
  auto Holds = [&](QualType Inner) {
    return holdsBatchStatistics(Catalog, Inner, Depth + 1, Seen);
  };
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type && Holds(Arg.getAsType()))
        return true;
  if (!RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (Holds(Base.getType()))
      return true;
  for (const FieldDecl *Field : RD->fields())
    if (Holds(Field->getType()))
      return true;
  auto Builds = [&](const Stmt *S) {
    return anyUnder(S, [&](const Stmt *X) {
      const auto *E = dyn_cast<CXXConstructExpr>(X);
      return E && Holds(E->getType());
    });
  };
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Builds(Init->getInit()))
        return true;
    if (Ctor->hasBody() && Builds(Ctor->getBody()))
      return true;
  }
  return false;
}

/// `train()` / `train(true)` (Mode true), `eval()` / `train(false)` (Mode
/// false) called on a module; null when `Call` is neither.
const Expr *modeSwitch(const Expr *Call, bool &Training) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !MD->getDeclName().isIdentifier() ||
      !ApiCatalog::recordMatches(MD->getParent(), "torch::nn::Module",
                                 /*Derived=*/true))
    return nullptr;
  if (MD->getName() == "eval") {
    Training = false;
  } else if (MD->getName() == "train") {
    Training = true;
    if (MC->getNumArgs() > 0 && !isa<CXXDefaultArgExpr>(MC->getArg(0)))
      if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(stripped(MC->getArg(0))))
        Training = B->getValue();
  } else {
    return nullptr;
  }
  return MC->getImplicitObjectArgument();
}

/// The model `Model` (called in `F`) holds BatchNorm and may be in training
/// mode, libtorch's default: no `eval()` / `train(false)` on the same
/// variable or field anywhere in the TU, or a `train()` on it in `F`.
/// Batching its inputs would change every item's result.
bool trainsWithBatchStatistics(const TUContext &TU, const FunctionFacts &F,
                               const Expr *Model) {
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  if (!Model ||
      !holdsBatchStatistics(TU.catalog(), stripped(Model)->getType(), 0, Seen))
    return false;
  const ValueDecl *Root = F.rootVariable(Model);
  if (!Root)
    return true;
  bool Eval = false;
  for (const auto &Facts : TU.functions())
    for (const CallFact &C : Facts->calls()) {
      bool Training = false;
      const Expr *On = modeSwitch(C.Call, Training);
      if (!On || Facts->rootVariable(On) != Root)
        continue;
      if (Training && Facts.get() == &F)
        return true;
      Eval |= !Training;
    }
  return !Eval;
}

/// The per-item inputs are elements of a container of tensors (not rows of
/// one tensor) whose shape the loop reads (`seq.size(0)`, `img.sizes()`):
/// the items' shapes differ, and stacking them needs padding the rule
/// cannot see.
bool raggedItems(const FunctionFacts &F, const LoopInfo &L,
                 llvm::ArrayRef<const Expr *> Args) {
  auto IsTensor = [](QualType T) {
    return typeIs(T, "at::TensorBase", /*Derived=*/true);
  };
  llvm::SmallPtrSet<const ValueDecl *, 4> Items;
  for (const Expr *Arg : Args)
    F.forEachOrigin(Arg, L, [&](const Stmt *S) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
        if (L.Kind == LoopKind::RangeFor && L.Induction.count(DRE->getDecl()) &&
            IsTensor(DRE->getType()) && L.Range &&
            !IsTensor(L.Range->getType()))
          Items.insert(DRE->getDecl());
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
        if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
            !IsTensor(Op->getArg(0)->getType()) && IsTensor(Op->getType()))
          if (const ValueDecl *Root = F.rootVariable(Op->getArg(0)))
            Items.insert(Root);
    });
  if (Items.empty())
    return false;
  for (const CallFact &C : F.calls()) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(C.Call);
    const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
    if (!L.contains(C.Loop) || !MD || !MD->getDeclName().isIdentifier() ||
        !IsTensor(MC->getImplicitObjectArgument()->getType()))
      continue;
    llvm::StringRef Name = MD->getName();
    if (Name != "size" && Name != "sizes" && Name != "dim" && Name != "numel")
      continue;
    if (Items.count(F.rootVariable(MC->getImplicitObjectArgument())))
      return true;
  }
  return false;
}

} // namespace

PerItemInferenceRule::PerItemInferenceRule()
    : Rule("batching-per-item-inference", Category::Batching) {}

llvm::StringRef PerItemInferenceRule::summary() const {
  return "a libtorch model is called once per item inside a loop; call it "
         "once on a batch";
}

void PerItemInferenceRule::check(const TUContext &TU, const FunctionFacts &F,
                                 FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    if (!C.Loop)
      continue;
    if (!TU.catalog().isInference(calleeOf(C.Call))) {
      checkHelper(TU, F, C, Sink);
      continue;
    }
    const LoopInfo &L = *C.Loop;
    // A model built or changed in the loop (a module per configuration of
    // a parameter sweep) is another model each iteration: nothing to batch.
    const Expr *Model = receiverOf(C.Call);
    if (Model && F.isVariant(Model, L))
      continue;
    bool PerItem = false, Batch = false, Autoregressive = false;
    llvm::SmallVector<const Expr *, 4> Args = argumentsOf(C.Call);
    for (const Expr *Arg : Args) {
      Granularity G = classify(TU, F, Arg, L);
      PerItem |= G == Granularity::PerItem;
      Batch |= G == Granularity::Batch;
      // Decoding and RNN steps need the previous output: not batchable
      // across iterations.
      Autoregressive |= dependsOnPreviousOutput(TU, F, Arg, L);
    }
    if (!PerItem || Batch || Autoregressive ||
        trainsWithBatchStatistics(TU, F, Model) || raggedItems(F, L, Args))
      continue;
    Finding Out = makeFinding(TU, F, C.Call, L);
    Out.Speedup = TU.catalog().batchingSpeedup(calleeOf(C.Call));
    Out.Message = "model call '" + sourceText(TU, C.Call) +
                  "' runs once per item of the " + loopPhrase(L) +
                  "; batch the items";
    Out.FixHint = "collect the loop's inputs into one tensor (torch::stack or "
                  "torch::cat), call the model once on the batch before the "
                  "loop, and read each item's row of the output inside it";
    Sink.report(std::move(Out));
  }
}

void PerItemInferenceRule::checkHelper(const TUContext &TU,
                                       const FunctionFacts &F,
                                       const CallFact &C,
                                       FindingsSink &Sink) const {
  const LoopInfo &L = *C.Loop;
  HelperEffect Effect = helperItemCall(
      TU, F, C.Call, L,
      [&](const Expr *Inner, const FunctionFacts &H, const ParmVarDecl *P) {
        if (!TU.catalog().isInference(calleeOf(Inner)) ||
            trainsWithBatchStatistics(TU, H, receiverOf(Inner)))
          return false;
        // A model the helper builds or loads on each call is another model
        // per item (caching-load-per-call's finding comes first).
        if (const auto *Var =
                dyn_cast_or_null<VarDecl>(H.rootVariable(receiverOf(Inner))))
          if (Var->isLocalVarDecl())
            return false;
        for (const Expr *Arg : argumentsOf(Inner))
          if (H.dependsOnParam(Arg, P))
            return true;
        return false;
      });
  if (!Effect.Inner)
    return;
  llvm::SmallVector<const Expr *, 4> Args = argumentsOf(C.Call);
  // A step whose input is the previous iteration's result of a helper call
  // (an RNN cell wrapped in a function) is sequential; a batch among the
  // arguments, or ragged items, are not one item per call.
  for (const Expr *Arg : Args) {
    if (classify(TU, F, Arg, L) == Granularity::Batch)
      return;
    if (dependsOnPreviousOutput(TU, F, Arg, L, /*HelperSteps=*/true))
      return;
  }
  if (raggedItems(F, L, Args))
    return;
  Finding Out = makeFinding(TU, F, C.Call, L);
  Out.Speedup = TU.catalog().batchingSpeedup(calleeOf(Effect.Inner));
  Out.Message = "'" + sourceText(TU, C.Call) + "' runs a model once per " +
                "item of the " + loopPhrase(L) + ": '" +
                withoutParameters(TU.functionName(Effect.Helper->decl())) +
                "' passes its argument to '" + sourceText(TU, Effect.Inner) +
                "' (" + positionPhrase(TU, Effect.Inner, C.Call) +
                "); batch the items";
  Out.FixHint = "give the helper the whole batch: stack the items, call it "
                "once before the loop, and read each item's row of the "
                "output inside it";
  Sink.report(std::move(Out));
}

} // namespace hotpath
