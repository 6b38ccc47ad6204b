//===- LoopFacts.h - Loop and data-flow facts of one function body --------===//
//
// One walk over a project function body, in evaluation order, records every
// loop (for, range-for, while, do-while, and lambdas passed to
// std::for_each / std::transform), the variables each loop writes, its
// induction variables, the loop-carried values, the definitions of every
// variable, and every call with its innermost loop. The loop nest is kept in
// our own stack (not hasAncestor), because traversal is restricted to
// project declarations and the parent map does not cross that boundary.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_LOOPFACTS_H
#define HOTPATH_ANALYZER_LOOPFACTS_H

#include "analyzer/StmtShapes.h"
#include "model/SourceLocation.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class ParmVarDecl;
class ValueDecl;
} // namespace clang

namespace hotpath {

class ApiCatalog;

enum class LoopKind { For, RangeFor, While, DoWhile, ForEachLambda };
const char *loopKindName(LoopKind K);

/// Facts about one loop.
struct LoopInfo {
  LoopKind Kind = LoopKind::For;
  /// The loop statement, or the std::for_each/std::transform call.
  const clang::Stmt *Statement = nullptr;
  /// What the loop iterates: the range-for range or the algorithm's first
  /// argument; null for counted and condition loops.
  const clang::Expr *Range = nullptr;
  /// The loop condition, null for range-for and algorithm loops.
  const clang::Expr *Condition = nullptr;
  LineRange Lines;
  const LoopInfo *Parent = nullptr;
  /// Counters and elements: for-init variables, range-for element, lambda
  /// parameters, and variables only stepped by ++, --, += c, -= c.
  llvm::SmallPtrSet<const clang::ValueDecl *, 4> Induction;
  /// Everything written inside the loop (condition, body, increment).
  llvm::SmallPtrSet<const clang::ValueDecl *, 16> Written;
  /// Variables declared inside the loop (fresh each iteration).
  llvm::SmallPtrSet<const clang::ValueDecl *, 16> Local;
  /// Declared outside, written inside, and read before the first write in
  /// an iteration: the value flows from one iteration into the next.
  llvm::SmallPtrSet<const clang::ValueDecl *, 8> Carried;
  /// Every induction variable the condition tests advances by exactly one
  /// per iteration (`i += bs` makes each iteration a batch).
  bool UnitStride = true;
  /// The trip count is a compile-time constant (`for (int i = 0; i < 16;
  /// ++i)`): the loop does not grow with the input, so it is no evidence
  /// that the function containing it is expensive.
  bool ConstantTrip = false;

  /// This loop is `Other` or nested inside it.
  bool isWithin(const LoopInfo *Other) const;
  /// `Inner` is this loop or nested inside it (false for null).
  bool contains(const LoopInfo *Inner) const {
    return Inner && Inner->isWithin(this);
  }
  /// Nesting depth, outermost loop = 1.
  unsigned depth() const;
};

/// A value given to a variable: an initializer, the right-hand side of an
/// assignment, or a call that writes the variable (push_back, out-param).
struct Definition {
  const clang::Stmt *Value = nullptr;
  /// Innermost loop containing the definition, null outside loops.
  const LoopInfo *Loop = nullptr;
};

/// A call (or constructor call) inside a project function.
struct CallFact {
  const clang::Expr *Call = nullptr;
  /// Innermost enclosing loop, null when the call is not in a loop.
  const LoopInfo *Loop = nullptr;
};

/// Loop and data-flow facts of one function body.
class FunctionFacts {
public:
  FunctionFacts(const clang::FunctionDecl *FD, clang::ASTContext &Ctx,
                const ApiCatalog &Catalog);
  FunctionFacts(const FunctionFacts &) = delete;
  FunctionFacts &operator=(const FunctionFacts &) = delete;

  const clang::FunctionDecl *decl() const { return Decl; }
  const std::vector<std::unique_ptr<LoopInfo>> &loops() const { return Loops; }
  const std::vector<CallFact> &calls() const { return Calls; }
  /// The first loop whose trip count is not a compile-time constant (the
  /// evidence that the function's cost grows with its input), or null.
  const LoopInfo *growingLoop() const;

  /// The expression's value can change between iterations of `L`: it
  /// depends on an induction variable, on something written in the loop, or
  /// on an impure call.
  bool isVariant(const clang::Expr *E, const LoopInfo &L) const;
  /// The outermost loop, starting from `L` and going outwards, in which `E`
  /// is invariant; null when it is variant in `L` itself.
  const LoopInfo *outermostInvariantLoop(const clang::Expr *E,
                                         const LoopInfo &L) const;
  /// Visits every node the value of `E` is computed from inside `L`: the
  /// nodes of `E` and, through variables local to or carried by `L`, the
  /// nodes of their definitions inside `L`. Each node is visited once.
  /// Without `FollowCarried`, values carried from the previous iteration are
  /// leaves (what this iteration computes from its own item).
  void forEachOrigin(const clang::Expr *E, const LoopInfo &L,
                     llvm::function_ref<void(const clang::Stmt *)> Fn,
                     bool FollowCarried = true) const;
  /// Visits every node the value of `E` is computed from anywhere in the
  /// body: the nodes of `E` and, through local variables (not parameters,
  /// fields or globals), the nodes of all their definitions, in any order
  /// (flow-insensitive). `Fn` returns false to leave a node's operands and
  /// definitions unvisited. Each node is visited once.
  void
  forEachOriginInBody(const clang::Expr *E,
                      llvm::function_ref<bool(const clang::Stmt *)> Fn) const;
  /// Every definition of `V` in the body.
  llvm::ArrayRef<Definition> definitionsOf(const clang::ValueDecl *V) const;
  /// The value of `E` is computed (anywhere in the body, through local
  /// variables) from the parameter `P`.
  bool dependsOnParam(const clang::Expr *E, const clang::ParmVarDecl *P) const;

  /// The calls that only feed console output (StaticCallGraph's diagnostic
  /// call sites): in a loop that prints every iteration, a print's argument,
  /// or the definition of a local variable whose every use is a print's
  /// argument. Computed for the whole body at once.
  llvm::SmallPtrSet<const clang::Expr *, 8> consoleOnlyCalls() const;

  /// Variables referenced (directly or through local definitions) by the
  /// value of `E`, as seen from loop `L`.
  llvm::SmallPtrSet<const clang::ValueDecl *, 8>
  referencedVars(const clang::Expr *E, const LoopInfo &L) const;
  /// Definitions of `V` located inside `L`.
  llvm::SmallVector<const clang::Stmt *, 4>
  definitionsIn(const clang::ValueDecl *V, const LoopInfo &L) const;

  /// The variable an lvalue expression designates at its root (`v` for
  /// `v[i].x`, `*p`, `v.data()`), or null.
  const clang::ValueDecl *rootVariable(const clang::Expr *E) const;

private:
  friend class FactsWalker;
  bool
  isVariantImpl(const clang::Expr *E, const LoopInfo &L,
                llvm::SmallPtrSetImpl<const clang::ValueDecl *> &Busy) const;

  const clang::FunctionDecl *Decl;
  clang::ASTContext &Ctx;
  const ApiCatalog &Catalog;
  std::vector<std::unique_ptr<LoopInfo>> Loops;
  std::vector<CallFact> Calls;
  llvm::DenseMap<const clang::ValueDecl *, std::vector<Definition>> Defs;
};

} // namespace hotpath

#endif
