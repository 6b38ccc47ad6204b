//===- RuleUtils.h - Questions several rules ask about a call -------------===//
#ifndef HOTPATH_RULES_RULEUTILS_H
#define HOTPATH_RULES_RULEUTILS_H

#include "analyzer/LoopFacts.h"
#include "analyzer/TUContext.h"

#include "llvm/ADT/SmallVector.h"

#include <string>
#include <utility>

namespace clang {
class ParmVarDecl;
}

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
/// Where `At` is, as seen from `From`: "line 12" in the same file, else
/// "util.h:12".
std::string positionPhrase(const TUContext &TU, const clang::Expr *At,
                           const clang::Expr *From);
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
/// RNN steps) — with `HelperSteps`, or from a call of a project helper this
/// TU analysed (an RNN cell wrapped in a function).
bool dependsOnPreviousOutput(const TUContext &TU, const FunctionFacts &F,
                             const clang::Expr *E, const LoopInfo &L,
                             bool HelperSteps = false);

/// The outermost loop (from `L` outwards) in which all of `Exprs` are
/// invariant; null when one of them varies in `L`.
const LoopInfo *
outermostInvariantLoop(const FunctionFacts &F,
                       llvm::ArrayRef<const clang::Expr *> Exprs,
                       const LoopInfo &L);

/// The expression names a device of kind `Kind` ("cuda" or "cpu") by its
/// spelling: `torch::kCUDA`, `c10::DeviceType::CUDA`, `"cuda:0"`,
/// `torch::Device(torch::kCUDA, 1)`, a local or const variable initialized
/// with one of these.
bool namesDevice(const clang::Expr *E, llvm::StringRef Kind);
/// The transfer call moves its tensor to the host: `.cpu()`, `.to(d)` with
/// `d` spelled as the CPU.
bool movesToHost(const ApiCatalog &Catalog, const clang::Expr *Call);
/// The transfer call moves its tensor to a device: `.cuda()`, `.to(d)` with
/// a Device or DeviceType `d` not spelled as the CPU (a `device` variable
/// that may be either counts).
bool movesToDevice(const ApiCatalog &Catalog, const clang::Expr *Call);
/// The move to a device that the tensor `E` comes from, in `F`'s body, with
/// no move back to the host on the way (a variable that is ever assigned a
/// host copy does not count); null when there is none: a tensor made on
/// the host, or one `F` only receives.
const clang::Expr *deviceOrigin(const TUContext &TU, const FunctionFacts &F,
                                const clang::Expr *E);
/// `.item()` / `.item<T>()` of a tensor: reads one scalar back to the host.
bool isItemCall(const clang::Expr *Call);

/// What a project helper does with one argument of a call in a loop.
struct HelperEffect {
  /// The helper's facts and the call inside it (outside its own loops).
  const FunctionFacts *Helper = nullptr;
  const clang::Expr *Inner = nullptr;
  /// The argument of the outer call the effect applies to, or null when it
  /// applies to the helper's own data.
  const clang::Expr *Argument = nullptr;
};
/// The parameters of the helper `Call` calls (a project function this TU
/// analysed), paired with the call's arguments; empty when `Call` calls no
/// such helper.
llvm::SmallVector<std::pair<const clang::ParmVarDecl *, const clang::Expr *>, 4>
helperArguments(const TUContext &TU, const clang::Expr *Call);
/// The helper `Call` calls (a project function this TU analysed) hands an
/// item of loop `L` to an inner call: an argument of `Call` that is one item
/// per iteration is a parameter that `Uses(Inner, Helper, Param)` accepts
/// for some call `Inner` of the helper's body outside the helper's own loops.
/// One level deep. Empty when there is none.
HelperEffect helperItemCall(
    const TUContext &TU, const FunctionFacts &F, const clang::Expr *Call,
    const LoopInfo &L,
    llvm::function_ref<bool(const clang::Expr *, const FunctionFacts &,
                            const clang::ParmVarDecl *)>
        Uses);
/// helperItemCall for a transfer of the item (the moved tensor is computed
/// from the parameter).
HelperEffect helperItemTransfer(const TUContext &TU, const FunctionFacts &F,
                                const clang::Expr *Call, const LoopInfo &L);
/// A position in a loop body that runs on only some iterations by design:
/// under a condition with `%` (log every N steps).
bool underPeriodicCondition(const LoopInfo &L, const clang::Expr *E);

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
