//===- RuleUtils.h - Questions several rules ask about a call -------------===//
#ifndef HOTPATH_RULES_RULEUTILS_H
#define HOTPATH_RULES_RULEUTILS_H

#include "analyzer/LoopFacts.h"
#include "analyzer/TUContext.h"

#include "llvm/ADT/SmallVector.h"

#include <string>

namespace hotpath {

/// The object of a member call (`m` in `m.f()`, `m->f()`, `m(x)`), or null.
const clang::Expr *receiverOf(const clang::Expr *Call);
/// The arguments, without the object of a member operator call.
llvm::SmallVector<const clang::Expr *, 4> argumentsOf(const clang::Expr *Call);
/// `E` without implicit nodes and parentheses; null stays null.
const clang::Expr *stripped(const clang::Expr *E);
/// `T` (or what a reference `T` refers to) is the class `Class` — a
/// specialization of it, or with `Derived` a subclass (ApiCatalog's
/// recordMatches).
bool typeIs(clang::QualType T, llvm::StringRef Class, bool Derived);
/// The body of a loop statement (for, range-for, while, do), or null.
const clang::Stmt *loopBody(const LoopInfo &L);
/// "for loop at line 47": how messages name a loop.
std::string loopPhrase(const LoopInfo &L);
/// Source text of an expression, for messages (shortened when long).
std::string sourceText(const TUContext &TU, const clang::Expr *E);

/// How much of the loop's data one iteration hands to an expression.
enum class Granularity {
  Invariant, ///< the same value in every iteration
  PerItem,   ///< one item per iteration (x[i], the range-for element)
  Batch,     ///< a batch per iteration (slices, data-loader batches, strides)
  Varying,   ///< changes, but not with the item (an accumulator, a state)
};

/// Classifies the value of `E` in loop `L`.
Granularity classify(const TUContext &TU, const FunctionFacts &F,
                     const clang::Expr *E, const LoopInfo &L);

/// `E` is computed from a value the loop carries over from the previous
/// iteration that itself comes from a model call (autoregressive decoding,
/// RNN steps).
bool dependsOnPreviousOutput(const TUContext &TU, const FunctionFacts &F,
                             const clang::Expr *E, const LoopInfo &L);

/// The outermost loop (from `L` outwards) in which all of `Exprs` are
/// invariant; null when one of them varies in `L`.
const LoopInfo *
outermostInvariantLoop(const FunctionFacts &F,
                       llvm::ArrayRef<const clang::Expr *> Exprs,
                       const LoopInfo &L);

/// The fix-it that hoists `Call` out of loop `L` when that is mechanical
/// and safe: `Call` initializes the only variable of a declaration that is a
/// statement of L's body, the variable is never modified in L, and the
/// declaration names nothing declared inside L. The declaration moves to
/// just before the loop, with the loop's indentation. Empty otherwise.
std::vector<Replacement> hoistDeclarationFixIt(const TUContext &TU,
                                               const FunctionFacts &F,
                                               const clang::Expr *Call,
                                               const LoopInfo &L);

} // namespace hotpath

#endif
