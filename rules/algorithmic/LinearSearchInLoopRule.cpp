//===- LinearSearchInLoopRule.cpp -----------------------------------------===//
#include "rules/algorithmic/LinearSearchInLoopRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <set>

using namespace clang;

namespace hotpath {

namespace {

/// The linear search a call is, by its function's (or, for std::ranges'
/// function objects, its object's) qualified name.
const LinearSearch *linearSearch(const ApiCatalog &Catalog, const Expr *Call) {
  std::string Name;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() != OO_Call || Op->getNumArgs() == 0)
      return nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(stripped(Op->getArg(0))))
      Name = Ref->getDecl()->getQualifiedNameAsString();
  } else if (const FunctionDecl *FD = calleeOf(Call)) {
    Name = FD->getQualifiedNameAsString();
  }
  for (const LinearSearch &S : Catalog.LinearSearches)
    if (S.Function == Name)
      return &S;
  return nullptr;
}

/// `v` for `v.begin()`, `v.cbegin()`, `std::begin(v)`, `std::cbegin(v)`.
const Expr *containerOfBegin(const Expr *E) {
  E = stripped(E);
  if (const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = Member->getMethodDecl();
    if (MD && (MD->getName() == "begin" || MD->getName() == "cbegin"))
      return Member->getImplicitObjectArgument();
  } else if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && FD->isInStdNamespace() && Call->getNumArgs() == 1 &&
        (FD->getName() == "begin" || FD->getName() == "cbegin"))
      return Call->getArg(0);
  }
  return nullptr;
}

/// The record of `T` when it is one of the containers named in `Names`
/// (the catalog's sequence or associative containers).
const CXXRecordDecl *containerIn(const std::set<std::string> &Names,
                                 QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return nullptr;
  for (const std::string &Name : Names)
    if (ApiCatalog::recordMatches(RD, Name, /*Derived=*/false))
      return RD;
  return nullptr;
}

const CXXRecordDecl *sequenceContainer(const ApiCatalog &Catalog, QualType T) {
  return containerIn(Catalog.SequenceContainers, T);
}

/// Containers this small and fixed are scanned faster than hashed: a
/// `std::array` of at most TinySize elements, or a const container
/// initialized from a braced list of at most TinySize elements.
bool tinyAndFixed(const Expr *Container, const CXXRecordDecl *RD,
                  uint64_t TinySize) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (Spec->getName() == "array" && Spec->getTemplateArgs().size() == 2 &&
        Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
      return Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue() <=
             TinySize;
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripped(Container));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->getType().isConstQualified() || !Var->getInit())
    return false;
  const Expr *Init = stripped(Var->getInit());
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init))
    if (Construct->getNumArgs() >= 1)
      Init = stripped(Construct->getArg(0));
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Init))
    Init = stripped(List->getSubExpr());
  if (const auto *List = dyn_cast<InitListExpr>(Init))
    return List->getNumInits() <= TinySize;
  return false;
}

/// `a == b` (built-in or overloaded).
const Expr *equality(const Expr *E) {
  E = stripped(E);
  if (const auto *Bin = dyn_cast_or_null<BinaryOperator>(E))
    return Bin->getOpcode() == BO_EQ ? Bin : nullptr;
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_EqualEqual ? Op : nullptr;
  return nullptr;
}

/// `[&](const T &y) { return y == x; }`.
bool isEqualityLambda(const Expr *E) {
  const auto *Lambda = dyn_cast_or_null<LambdaExpr>(stripped(E));
  if (!Lambda)
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Lambda->getBody());
  if (!Body || Body->size() != 1)
    return false;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  return Ret && equality(Ret->getRetValue());
}

/// The single `if` a loop body consists of.
const IfStmt *soleIf(const Stmt *Body) {
  if (const auto *Compound = dyn_cast_or_null<CompoundStmt>(Body))
    Body = Compound->size() == 1 ? Compound->body_front() : nullptr;
  return dyn_cast_or_null<IfStmt>(Body);
}

/// The branch leaves the loop (break or return).
bool leavesLoop(const Stmt *S) {
  if (!S)
    return false;
  if (isa<BreakStmt>(S) || isa<ReturnStmt>(S))
    return true;
  if (const auto *Compound = dyn_cast<CompoundStmt>(S))
    for (const Stmt *Child : Compound->body())
      if (isa<BreakStmt>(Child) || isa<ReturnStmt>(Child))
        return true;
  return false;
}

/// The container an inner loop walks: the range of a range-for, or `v` of
/// a counted loop's `j < v.size()`.
const Expr *walkedContainer(const LoopInfo &L) {
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(L.Statement))
    return RangeFor->getRangeInit();
  const auto *For = dyn_cast<ForStmt>(L.Statement);
  const auto *Cond =
      For ? dyn_cast_or_null<BinaryOperator>(stripped(For->getCond()))
          : nullptr;
  if (!Cond || (Cond->getOpcode() != BO_LT && Cond->getOpcode() != BO_NE))
    return nullptr;
  const auto *Size = dyn_cast<CXXMemberCallExpr>(stripped(Cond->getRHS()));
  if (Size && Size->getMethodDecl() &&
      Size->getMethodDecl()->getName() == "size")
    return Size->getImplicitObjectArgument();
  return nullptr;
}

std::string fixFor(const std::string &Container, const LoopInfo &Outer,
                   bool Grows) {
  std::string Line = std::to_string(Outer.Lines.Begin);
  if (Grows)
    return "keep a std::unordered_set next to '" + Container +
           "' (insert where it grows) and test membership with count() in "
           "O(1)";
  return "build a std::unordered_set from '" + Container +
         "' once before the loop at line " + Line +
         " and test membership with count() in O(1)";
}

} // namespace

LinearSearchInLoopRule::LinearSearchInLoopRule(unsigned MaxTinySize)
    : Rule("algorithmic-linear-search-in-loop", Category::Algorithmic),
      MaxTinySize(MaxTinySize) {}

llvm::StringRef LinearSearchInLoopRule::summary() const {
  return "a membership test scans a sequence container for every item of a "
         "loop; build a hash set once";
}

void LinearSearchInLoopRule::check(const TUContext &TU, const FunctionFacts &F,
                                   FindingsSink &Sink) const {
  const ApiCatalog &Catalog = TU.catalog();
  // std::find, std::count, std::ranges::find, std::any_of(==) in a loop.
  for (const CallFact &C : F.calls()) {
    if (!C.Loop)
      continue;
    const LinearSearch *S = linearSearch(Catalog, C.Call);
    if (!S)
      continue;
    llvm::SmallVector<const Expr *, 4> Args = argumentsOf(C.Call);
    int ProbeArg = S->ValueArg >= 0 ? S->ValueArg : S->PredicateArg;
    if (static_cast<int>(Args.size()) <= ProbeArg)
      continue;
    const Expr *Container = S->Ranges ? Args[0] : containerOfBegin(Args[0]);
    const CXXRecordDecl *RD =
        Container ? sequenceContainer(Catalog, Container->getType()) : nullptr;
    // std::find over a set or map scans it element by element although it
    // has a find() of its own.
    const CXXRecordDecl *Assoc =
        Container && !RD
            ? containerIn(Catalog.AssociativeContainers, Container->getType())
            : nullptr;
    if ((!RD && !Assoc) || (RD && tinyAndFixed(Container, RD, MaxTinySize)))
      continue;
    const Expr *Probe = Args[ProbeArg];
    if (S->PredicateArg >= 0 && !isEqualityLambda(Probe))
      continue;
    // The same value every iteration is not a per-item membership test;
    // a value that changes only with an outer loop is one per item of that
    // loop (and the inner loop repeats it).
    const LoopInfo *PerItemOf = nullptr;
    for (const LoopInfo *Up = C.Loop; Up && !PerItemOf; Up = Up->Parent)
      if (F.isVariant(Probe, *Up))
        PerItemOf = Up;
    if (!PerItemOf)
      continue;
    bool Grows = F.isVariant(Container, *PerItemOf);
    std::string Name = sourceText(TU, Container);
    Finding Out = makeFinding(TU, F, C.Call, *PerItemOf);
    if (Assoc) {
      Out.Message = "'" + S->Function + "' scans '" + Name +
                    "' element by element on every iteration of the " +
                    loopPhrase(*PerItemOf) + ", although the " +
                    Assoc->getNameAsString() + " has a lookup of its own";
      Out.FixHint = "call " + Name + ".find(value) or " + Name +
                    ".count(value) instead of " + S->Function;
    } else {
      Out.Message = "'" + S->Function + "' scans '" + Name +
                    "' on every iteration of the " + loopPhrase(*PerItemOf) +
                    ": a linear membership test per item";
      Out.FixHint = fixFor(Name, *PerItemOf, Grows);
    }
    Sink.report(std::move(Out));
  }
  // A hand-written inner loop: for (y : v) if (y == x) break/return.
  for (const auto &Inner : F.loops()) {
    const LoopInfo *Outer = Inner->Parent;
    if (!Outer || Inner->Kind == LoopKind::ForEachLambda)
      continue;
    const IfStmt *If = soleIf(loopBody(*Inner));
    if (!If || If->getElse() || !leavesLoop(If->getThen()))
      continue;
    const auto *Eq = equality(If->getCond());
    const Expr *Container = walkedContainer(*Inner);
    const CXXRecordDecl *RD =
        Container ? sequenceContainer(Catalog, Container->getType()) : nullptr;
    if (!Eq || !RD || tinyAndFixed(Container, RD, MaxTinySize))
      continue;
    const Expr *Lhs, *Rhs;
    if (const auto *Bin = dyn_cast<BinaryOperator>(Eq)) {
      Lhs = Bin->getLHS();
      Rhs = Bin->getRHS();
    } else {
      const auto *Op = cast<CXXOperatorCallExpr>(Eq);
      Lhs = Op->getArg(0);
      Rhs = Op->getArg(1);
    }
    // One side walks the container, the other is the outer loop's item.
    bool Membership = false;
    for (auto [Element, Probe] : {std::pair{Lhs, Rhs}, std::pair{Rhs, Lhs}})
      Membership |= F.isVariant(Element, *Inner) &&
                    !F.isVariant(Probe, *Inner) && F.isVariant(Probe, *Outer);
    if (!Membership)
      continue;
    bool Grows = F.isVariant(Container, *Outer);
    std::string Name = sourceText(TU, Container);
    Finding Out = makeFinding(TU, F, Eq, *Outer);
    Out.Message = "the " + loopPhrase(*Inner) + " scans '" + Name +
                  "' for every item of the " + loopPhrase(*Outer) +
                  ": a hand-written linear membership test";
    Out.FixHint = fixFor(Name, *Outer, Grows);
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
