//===- StmtShapes.h - What a statement's shape says about how it runs ----===//
//
// Questions about one statement that the loop facts (and rules) ask: its
// sub-statements (OpenMP bodies included), whether a condition is a constant
// false, whether a path is cold (ends in a throw, an abort, a failed test),
// whether a loop's trip count is a constant, and whether a parameter is a
// forwarding reference.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_STMTSHAPES_H
#define HOTPATH_ANALYZER_STMTSHAPES_H

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class ASTContext;
class ForStmt;
class FunctionDecl;
class ValueDecl;
} // namespace clang

namespace hotpath {

/// The statements directly under `S`: its children, except that an OpenMP
/// directive's CapturedStmt yields its captures and the captured body
/// (Clang's children() leave the body out, which hides every loop under
/// `#pragma omp parallel for`). Every hand-written AST walk uses this.
llvm::SmallVector<const clang::Stmt *, 8> subStatements(const clang::Stmt *S);

/// Whether `S` or a statement under it (through subStatements) satisfies
/// `Match`. The walk does not enter a statement `Skip` returns true for (nor
/// test it). Iterative: any nesting depth.
bool anyUnder(const clang::Stmt *S,
              llvm::function_ref<bool(const clang::Stmt *)> Match,
              llvm::function_ref<bool(const clang::Stmt *)> Skip = nullptr);

/// Whether `Target` is `S` or under it.
bool isUnder(const clang::Stmt *Target, const clang::Stmt *S);

/// The variable an expression names: a variable (a structured binding
/// names its decomposed variable) or a field of `this`; else null.
const clang::ValueDecl *declOf(const clang::Expr *E);

/// `FD` is `std::Name` (std::move, std::for_each).
bool isStdFunction(const clang::FunctionDecl *FD, llvm::StringRef Name);

/// The body of a loop statement (for, range-for, while, do), or null.
const clang::Stmt *bodyOfLoop(const clang::Stmt *Loop);

/// The call writes to the console, for a human to read: printf, puts,
/// putchar (global or std::), fprintf/fputs/fputc to stdout or stderr, and
/// `<<` into std::cout, std::cerr or std::clog.
bool isConsoleOutput(const clang::Expr *Call);

/// The loop writes to the console on every iteration: a console output call
/// in its body that no `if`, `switch` or `?:` guards (nested loops count).
/// Code that prints what it computes item by item is a report, bounded by
/// what a human reads.
bool printsEveryIteration(const clang::Stmt *Loop);

/// The condition is a constant false: `do { ... } while (false)` (every
/// statement macro) runs its body once; `while (0)` never.
bool isConstantFalse(const clang::Expr *Cond, const clang::ASTContext &Ctx);

/// The parameter of a template is a forwarding reference (`T&&` with `T`
/// deduced): binding an lvalue to it copies or converts it
/// (TensorOptions(Device&&)), it does not write it.
bool isForwardingReferenceParam(const clang::FunctionDecl *Callee, unsigned I);

/// The statement, when it runs, ends on a path that throws, aborts, fails
/// an assertion or a test: the code on it is cold by construction.
bool endsCold(const clang::Stmt *S, const clang::ASTContext &Ctx);

/// `for (int i = C0; i < C1; ++i)`-shaped: the bound the condition tests
/// is a compile-time constant.
bool hasConstantTrip(const clang::ForStmt *For, const clang::ASTContext &Ctx);

} // namespace hotpath

#endif
