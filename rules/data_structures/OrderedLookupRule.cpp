//===- OrderedLookupRule.cpp ----------------------------------------------===//
#include "rules/data_structures/OrderedLookupRule.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace hotpath {

namespace {

struct OrderedKind {
  llvm::StringRef Ordered;   ///< "std::set"
  llvm::StringRef Unordered; ///< "std::unordered_set"
  unsigned CompareArg;       ///< index of the comparator template argument
};

constexpr OrderedKind Kinds[] = {
    {"std::set", "std::unordered_set", 1},
    {"std::multiset", "std::unordered_multiset", 1},
    {"std::map", "std::unordered_map", 2},
    {"std::multimap", "std::unordered_multimap", 2},
};

/// Keys std::hash covers: arithmetic types, enums, pointers and strings.
bool hashableKey(QualType T) {
  T = T.getCanonicalType();
  if (T->isArithmeticType() || T->isEnumeralType() || T->isPointerType())
    return true;
  return typeIs(T, "std::basic_string", false) ||
         typeIs(T, "std::basic_string_view", false);
}

/// The ordered container kind of a variable's type when its key is hashable
/// and its comparator is the default std::less; null otherwise.
const OrderedKind *orderedKind(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec)
    return nullptr;
  for (const OrderedKind &K : Kinds) {
    if (!typeIs(T, K.Ordered, false))
      continue;
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() <= K.CompareArg ||
        Args[0].getKind() != TemplateArgument::Type ||
        Args[K.CompareArg].getKind() != TemplateArgument::Type ||
        !hashableKey(Args[0].getAsType()) ||
        !typeIs(Args[K.CompareArg].getAsType(), "std::less", false))
      return nullptr;
    return &K;
  }
  return nullptr;
}

/// Member functions that look a key up (or insert one) — what a hash
/// container does in O(1).
bool isKeyedOperation(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("find", "count", "contains", "at", "insert", "emplace", true)
      .Cases("try_emplace", "insert_or_assign", "erase", true)
      .Default(false);
}

/// Member functions that neither use nor expose the order: the keyed
/// operations, and size/empty/clear/end (end() only compares with find()'s
/// result: without begin() nothing can walk the order).
bool isOrderFree(llvm::StringRef Name) {
  return isKeyedOperation(Name) || llvm::StringSwitch<bool>(Name)
                                       .Cases("size", "empty", "clear", true)
                                       .Cases("end", "cend", "max_size", true)
                                       .Default(false);
}

/// How a function uses its ordered local containers: every reference to a
/// candidate variable must be an order-free member call, `[]`, or the
/// left-hand side of an assignment; anything else (iteration, begin(),
/// lower_bound, passing it on, returning it, copying it, capturing it)
/// disqualifies the variable.
class UseScan {
public:
  explicit UseScan(llvm::DenseMap<const VarDecl *, bool> &OrderFree)
      : OrderFree(OrderFree) {}

  void scan(const Stmt *S) {
    if (!S)
      return;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
      const VarDecl *V = candidate(Member->getImplicitObjectArgument());
      const CXXMethodDecl *MD = Member->getMethodDecl();
      if (V) {
        if (!MD || !MD->getDeclName().isIdentifier() ||
            !isOrderFree(MD->getName()))
          OrderFree[V] = false;
        for (const Expr *Arg : Member->arguments())
          scan(Arg);
        return;
      }
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      const VarDecl *V =
          Op->getNumArgs() > 0 ? candidate(Op->getArg(0)) : nullptr;
      if (V && (Op->getOperator() == OO_Subscript ||
                Op->getOperator() == OO_Equal)) {
        for (unsigned I = 1; I < Op->getNumArgs(); ++I)
          scan(Op->getArg(I));
        return;
      }
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
        auto It = OrderFree.find(V);
        if (It != OrderFree.end())
          It->second = false;
      }
      return;
    }
    for (const Stmt *Child : S->children())
      scan(Child);
  }

private:
  /// The candidate variable `E` names (through parentheses and implicit
  /// casts only), or null.
  const VarDecl *candidate(const Expr *E) const {
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripped(E));
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return V && OrderFree.count(V) ? V : nullptr;
  }

  llvm::DenseMap<const VarDecl *, bool> &OrderFree;
};

/// `std::unordered_set<int64_t>` from the declared type's written arguments.
std::string unorderedSpelling(const VarDecl *V, const OrderedKind &K) {
  std::string Out = K.Unordered.str();
  PrintingPolicy Policy(V->getASTContext().getLangOpts());
  Policy.SuppressScope = false;
  if (const auto *TST = V->getType()->getAs<TemplateSpecializationType>()) {
    llvm::ArrayRef<TemplateArgument> Args = TST->template_arguments();
    unsigned Keep = std::min<unsigned>(Args.size(), K.CompareArg);
    Out += "<";
    for (unsigned I = 0; I < Keep; ++I) {
      if (I)
        Out += ", ";
      llvm::raw_string_ostream OS(Out);
      Args[I].print(Policy, OS, /*IncludeType=*/false);
    }
    Out += ">";
  }
  return Out;
}

} // namespace

OrderedLookupRule::OrderedLookupRule()
    : Rule("data-structures-ordered-lookup", Category::DataStructures) {}

llvm::StringRef OrderedLookupRule::summary() const {
  return "a std::map or std::set is looked up in a loop but its order is "
         "never used; a hash container does the lookups in O(1)";
}

void OrderedLookupRule::check(const TUContext &TU, const FunctionFacts &F,
                              FindingsSink &Sink) const {
  // First keyed call in a loop per local ordered container, in source order.
  llvm::DenseMap<const VarDecl *, bool> OrderFree;
  std::vector<std::pair<const VarDecl *, const CallFact *>> Lookups;
  for (const CallFact &C : F.calls()) {
    if (!C.Loop)
      continue;
    const auto *Member = dyn_cast<CXXMemberCallExpr>(C.Call);
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(C.Call);
    const Expr *Object = nullptr;
    if (Member && Member->getMethodDecl() &&
        Member->getMethodDecl()->getDeclName().isIdentifier() &&
        isKeyedOperation(Member->getMethodDecl()->getName()))
      Object = Member->getImplicitObjectArgument();
    else if (Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      Object = Op->getArg(0);
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripped(Object));
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V) ||
        V->getType()->isReferenceType() || !orderedKind(V->getType()) ||
        OrderFree.count(V))
      continue;
    OrderFree[V] = true;
    Lookups.emplace_back(V, &C);
  }
  if (Lookups.empty())
    return;
  UseScan(OrderFree).scan(F.decl()->getBody());
  for (const auto &[V, C] : Lookups) {
    if (!OrderFree.lookup(V))
      continue;
    const OrderedKind &K = *orderedKind(V->getType());
    Finding Out = makeFinding(TU, F, C->Call, *C->Loop);
    Out.Message = "'" + sourceText(TU, C->Call) + "' looks up the " +
                  K.Ordered.str() + " '" + V->getName().str() +
                  "' on every iteration of the " + loopKindName(C->Loop->Kind) +
                  " loop at line " + std::to_string(C->Loop->Lines.Begin) +
                  ", and nothing uses its order: each lookup walks a tree "
                  "of nodes";
    Out.FixHint = "declare '" + V->getName().str() + "' (line " +
                  std::to_string(TU.location(V->getLocation()).Line) + ") as " +
                  unorderedSpelling(V, K) +
                  ", and whatever fills it; reserve() it when its size is "
                  "known";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
