//===- OrderedLookupRule.cpp ----------------------------------------------===//
#include "rules/data_structures/OrderedLookupRule.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include "llvm/ADT/StringSwitch.h"
#include <optional>

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

/// The container a keyed call's object names: a local variable, or a field
/// of the object the method runs on (`m`, `this->m`); null otherwise.
const ValueDecl *containerOf(const Expr *Object) {
  Object = stripped(Object);
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Object))
    return dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(Object))
    if (isa<CXXThisExpr>(stripped(Member->getBase())))
      return dyn_cast<FieldDecl>(Member->getMemberDecl());
  return nullptr;
}

/// How code uses ordered containers: every mention of a candidate must be an
/// order-free member call, `[]`, or the left-hand side of an assignment;
/// anything else (iteration, begin(), lower_bound, passing it on,
/// returning it, copying it, capturing it) disqualifies the candidate.
class UseScan {
public:
  explicit UseScan(llvm::DenseMap<const ValueDecl *, bool> &OrderFree)
      : OrderFree(OrderFree) {}

  void scan(const Stmt *S) {
    if (!S)
      return;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
      const ValueDecl *V = candidate(Member->getImplicitObjectArgument());
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
      const ValueDecl *V =
          Op->getNumArgs() > 0 ? candidate(Op->getArg(0)) : nullptr;
      if (V && (Op->getOperator() == OO_Subscript ||
                Op->getOperator() == OO_Equal)) {
        for (unsigned I = 1; I < Op->getNumArgs(); ++I)
          scan(Op->getArg(I));
        return;
      }
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      disqualify(Ref->getDecl());
      return;
    } else if (const auto *Member = dyn_cast<MemberExpr>(S)) {
      disqualify(Member->getMemberDecl());
    }
    for (const Stmt *Child : subStatements(S))
      scan(Child);
  }

private:
  void disqualify(const ValueDecl *D) {
    auto It = OrderFree.find(D);
    if (It != OrderFree.end())
      It->second = false;
  }
  const ValueDecl *candidate(const Expr *E) const {
    const ValueDecl *V = containerOf(E);
    return V && OrderFree.count(V) ? V : nullptr;
  }

  llvm::DenseMap<const ValueDecl *, bool> &OrderFree;
};

/// The methods whose bodies can mention a private field of `RD`, when all
/// of them are defined in this translation unit and the class has no
/// friends; std::nullopt when some use may be out of sight.
std::optional<std::vector<const FunctionDecl *>>
methodsSeeingPrivates(const CXXRecordDecl *RD) {
  if (!RD || RD->isDependentContext() || RD->hasFriends())
    return std::nullopt;
  std::vector<const FunctionDecl *> Out;
  for (const Decl *D : RD->decls()) {
    // A nested class sees the privates too: out of this simple view.
    if (const auto *Nested = dyn_cast<CXXRecordDecl>(D))
      if (!Nested->isImplicit())
        return std::nullopt;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      FD = FT->getTemplatedDecl();
    if (!FD || FD->isImplicit())
      continue;
    const FunctionDecl *Def = nullptr;
    if (!FD->isDefined(Def)) {
      // Declared but defined elsewhere (or deleted): out of sight.
      if (!FD->isDeleted())
        return std::nullopt;
      continue;
    }
    Out.push_back(Def);
  }
  return Out;
}

/// Every mention of `Field` in the methods of its class is order-free.
bool fieldOrderFree(const FieldDecl *Field,
                    llvm::ArrayRef<const FunctionDecl *> Methods) {
  llvm::DenseMap<const ValueDecl *, bool> OrderFree{{Field, true}};
  UseScan Scan(OrderFree);
  for (const FunctionDecl *M : Methods) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(M))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() != Field)
          Scan.scan(Init->getInit());
    Scan.scan(M->getBody());
  }
  return OrderFree.lookup(Field);
}

/// `std::unordered_set<int64_t>` from the declared type's written arguments.
std::string unorderedSpelling(const DeclaratorDecl *V, const OrderedKind &K) {
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

/// The object of a keyed call (`m` in `m.find(k)`, `m[k]`), or null.
const Expr *keyedObject(const Expr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = Member->getMethodDecl();
    if (MD && MD->getDeclName().isIdentifier() &&
        isKeyedOperation(MD->getName()))
      return Member->getImplicitObjectArgument();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      return Op->getArg(0);
  }
  return nullptr;
}

/// The keyed calls (lookups, inserts, erases) on `V` in `S`.
void keyedCallsOn(const Stmt *S, const ValueDecl *V,
                  std::vector<const Expr *> &Out) {
  anyUnder(S, [&](const Stmt *X) {
    if (const auto *E = dyn_cast<Expr>(X))
      if (const Expr *Object = keyedObject(E))
        if (containerOf(Object) == V)
          Out.push_back(E);
    return false;
  });
}

/// `E` without a copy or move construction of its value (C++14's elided
/// `std::set<int> s = load();`, the move of `return ids;`).
const Expr *withoutCopy(const Expr *E) {
  E = stripped(E);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      return stripped(Construct->getArg(0));
  return E;
}

/// The function a value comes from when it is the result of a call of a
/// function defined in this translation unit returning `T` by value
/// (`std::set<int> s = load(path);`, `s = load(path);`), or null.
const FunctionDecl *sourceFunction(const Expr *Value, QualType T) {
  const auto *Call = dyn_cast_or_null<CallExpr>(withoutCopy(Value));
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Def = nullptr;
  if (!Callee || !Callee->hasBody(Def) || !Def ||
      Def->getReturnType()->isReferenceType() ||
      Def->getReturnType().getCanonicalType().getUnqualifiedType() !=
          T.getCanonicalType().getUnqualifiedType())
    return nullptr;
  return Def;
}

/// The local variables `S` returns by name (`return ids;`).
void returnedLocals(const Stmt *S, std::vector<const VarDecl *> &Out) {
  anyUnder(S, [&](const Stmt *X) {
    if (const auto *Ret = dyn_cast<ReturnStmt>(X))
      if (const auto *Ref =
              dyn_cast_or_null<DeclRefExpr>(withoutCopy(Ret->getRetValue())))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          if (Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
              !llvm::is_contained(Out, Var))
            Out.push_back(Var);
    return false;
  });
}

/// The values assigned to `V` in `S` (`V = load(path);`).
void assignedValues(const Stmt *S, const ValueDecl *V,
                    std::vector<const Expr *> &Out) {
  anyUnder(S, [&](const Stmt *X) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(X))
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
          containerOf(Op->getArg(0)) == V)
        Out.push_back(Op->getArg(1));
    return false;
  });
}

/// The block that declares the local `Var` among its statements, or null.
const CompoundStmt *declaringBlock(const Stmt *S, const VarDecl *Var) {
  const CompoundStmt *Found = nullptr;
  anyUnder(S, [&](const Stmt *X) {
    if (const auto *Block = dyn_cast<CompoundStmt>(X))
      for (const Stmt *Child : Block->body())
        if (const auto *DS = dyn_cast<DeclStmt>(Child))
          if (llvm::is_contained(DS->decls(), Var))
            Found = Block;
    return Found != nullptr;
  });
  return Found;
}

/// The line of the closing brace where `Var` is destroyed, when nothing
/// else is: no other local of its block has a destructor, and no statement
/// ends on that line. Debug information puts a scope's destructor calls on
/// its closing brace, so the line's samples are the container's teardown.
std::optional<unsigned> destructionLine(const TUContext &TU,
                                        const FunctionDecl *FD,
                                        const VarDecl *Var) {
  const CompoundStmt *Block = declaringBlock(FD->getBody(), Var);
  if (!Block)
    return std::nullopt;
  unsigned Close = TU.location(Block->getRBracLoc()).Line;
  for (const Stmt *Child : Block->body()) {
    if (TU.location(Child->getEndLoc()).Line >= Close)
      return std::nullopt;
    if (const auto *DS = dyn_cast<DeclStmt>(Child))
      for (const Decl *D : DS->decls())
        if (const auto *Other = dyn_cast<VarDecl>(D))
          if (Other != Var) {
            const CXXRecordDecl *RD = Other->getType()
                                          ->getBaseElementTypeUnsafe()
                                          ->getAsCXXRecordDecl();
            if (RD && RD->hasDefinition() && !RD->hasTrivialDestructor())
              return std::nullopt;
          }
  }
  return Close;
}

/// What a fix that retypes `V` changes besides the flagged lookup: every
/// other keyed call on it in `Functions` (the ones that see it), and where
/// its value comes from a function returning one by value (`std::set<int>
/// stop = loadStopIds(path);`), the keyed calls that fill what that function
/// returns; and a local's destruction. Each is the lines of one call (or of
/// the closing brace).
std::vector<RelatedCode>
retypedCode(const TUContext &TU, const ValueDecl *V,
            llvm::ArrayRef<const FunctionDecl *> Functions,
            const Expr *Flagged) {
  std::vector<std::pair<const FunctionDecl *, const Expr *>> Calls;
  std::vector<const Expr *> Values;
  if (const auto *Var = dyn_cast<VarDecl>(V))
    if (Var->getInit())
      Values.push_back(Var->getInit());
  for (const FunctionDecl *FD : Functions) {
    std::vector<const Expr *> Own;
    keyedCallsOn(FD->getBody(), V, Own);
    for (const Expr *E : Own)
      Calls.emplace_back(FD, E);
    assignedValues(FD->getBody(), V, Values);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() == V)
          Values.push_back(Init->getInit());
  }
  std::vector<const FunctionDecl *> Sources;
  for (const Expr *Value : Values) {
    const FunctionDecl *Source = sourceFunction(Value, V->getType());
    if (!Source || llvm::is_contained(Sources, Source))
      continue;
    Sources.push_back(Source);
    std::vector<const VarDecl *> Locals;
    returnedLocals(Source->getBody(), Locals);
    for (const VarDecl *Local : Locals) {
      std::vector<const Expr *> Fills;
      keyedCallsOn(Source->getBody(), Local, Fills);
      for (const Expr *E : Fills)
        Calls.emplace_back(Source, E);
    }
  }
  std::vector<RelatedCode> Out;
  // A local's teardown: a tree frees node by node.
  if (const auto *Var = dyn_cast<VarDecl>(V))
    if (std::optional<unsigned> Line =
            destructionLine(TU, Functions.front(), Var))
      Out.push_back({TU.functionName(Functions.front()),
                     TU.location(Var->getLocation()).File,
                     {*Line, *Line}});
  for (const auto &[FD, E] : Calls) {
    if (E == Flagged)
      continue;
    auto Begin = TU.location(E->getBeginLoc());
    RelatedCode R{
        TU.functionName(FD),
        Begin.File,
        {Begin.Line, std::max(Begin.Line, TU.location(E->getEndLoc()).Line)}};
    if (!llvm::any_of(Out, [&](const RelatedCode &O) {
          return O.Function == R.Function && O.File == R.File &&
                 O.Lines.Begin == R.Lines.Begin && O.Lines.End == R.Lines.End;
        }))
      Out.push_back(std::move(R));
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
  // Candidates in source order of their first keyed call in a loop.
  std::vector<std::pair<const ValueDecl *, const CallFact *>> Lookups;
  llvm::DenseMap<const ValueDecl *, bool> OrderFree;
  for (const CallFact &C : F.calls()) {
    if (!C.Loop)
      continue;
    const Expr *Object = keyedObject(C.Call);
    const ValueDecl *V = Object ? containerOf(Object) : nullptr;
    if (!V || OrderFree.count(V) || !orderedKind(V->getType()))
      continue;
    if (const auto *Var = dyn_cast<VarDecl>(V))
      if (!Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
          Var->getType()->isReferenceType())
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
    bool Member = isa<FieldDecl>(V);
    std::vector<const FunctionDecl *> Seeing{F.decl()};
    if (const auto *Field = dyn_cast<FieldDecl>(V)) {
      // A private field: every method of its class must be in view and use
      // it without its order. Each function looking it up in a loop gets
      // its finding (each loop has its own measured time).
      std::optional<std::vector<const FunctionDecl *>> Methods =
          methodsSeeingPrivates(dyn_cast<CXXRecordDecl>(Field->getParent()));
      if (Field->getAccess() != AS_private || !Methods ||
          !fieldOrderFree(Field, *Methods))
        continue;
      Seeing = *Methods;
    }
    const OrderedKind &K = *orderedKind(V->getType());
    const auto *Decl = cast<DeclaratorDecl>(V);
    Finding Out = makeFinding(TU, F, C->Call, *C->Loop);
    Out.Message = "'" + sourceText(TU, C->Call) + "' looks up the " +
                  K.Ordered.str() + (Member ? " member '" : " '") +
                  V->getName().str() + "' on every iteration of the " +
                  loopPhrase(*C->Loop) + ", and nothing " +
                  (Member ? "in its class " : "") +
                  "uses its order: each lookup walks a tree of nodes";
    Out.FixHint = "declare '" + V->getName().str() + "' (line " +
                  std::to_string(TU.location(V->getLocation()).Line) + ") as " +
                  unorderedSpelling(Decl, K) +
                  ", and whatever fills it; reserve() it when its size is "
                  "known";
    Out.Related = retypedCode(TU, V, Seeing, C->Call);
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
