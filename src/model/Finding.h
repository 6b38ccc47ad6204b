//===- Finding.h - What a rule reports ------------------------------------===//
#ifndef HOTPATH_MODEL_FINDING_H
#define HOTPATH_MODEL_FINDING_H

#include "model/SourceLocation.h"

#include <optional>
#include <string>
#include <vector>

namespace hotpath {

/// The rows of the priority table (rules/priority.json), in table order.
enum class Category {
  Algorithmic,
  Batching,
  Caching,
  Vectorization,
  DataStructures,
  CodeLevel,
  Micro,
};

/// The id used in rule ids, priority.json and JSON output ("data-structures").
const char *categoryId(Category C);
/// Parses a category id; std::nullopt when it is not one of the seven.
std::optional<Category> parseCategory(const std::string &Id);

/// A measured range of speedups (x-fold) of one fix.
struct SpeedupRange {
  double Low = 1;
  double High = 1;
  /// What measured it ("faiss::IndexFlat::search batched").
  std::string Source;
};

/// Work a batchable call does per item whether or not the items come in a
/// batch (an IVF search scans each query's inverted lists either way): the
/// callees (globs) that do it, and the speedup of the rest of the call.
/// Where a trace shows the call's callees, batching speeds up the rest only
/// (docs/ranking.md, "Per-item work").
struct PerItemWork {
  std::vector<std::string> Callees;
  SpeedupRange Rest;
};

/// One edit of a fix-it, in clang-apply-replacements' terms: replace
/// `Length` bytes at `Offset` of `File` (an absolute path) by `Text`.
struct Replacement {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;
  /// The same range as 1-based line and byte column, the end exclusive
  /// (reviewdog suggestions); 0 when unknown.
  unsigned Line = 0, Column = 0, EndLine = 0, EndColumn = 0;
};

/// Lines of another function that a fix changes too (a data-structure fix
/// retypes the container where it is filled).
struct RelatedCode {
  /// Qualified name and signature, as Finding::Function.
  std::string Function;
  std::string File;
  LineRange Lines;
};

/// One anti-pattern found at one place, as a rule reports it (unranked).
struct Finding {
  std::string RuleId;
  Category Cat = Category::Micro;
  std::string Message;
  std::string FixHint;
  SourceLocation Location;
  /// Line range of the loop the finding is about (the loop a fix changes).
  LineRange Loop;
  /// Lines of the flagged call (its whole expression): the code whose
  /// measured time the fix changes.
  LineRange Call;
  /// Other code whose measured time the fix changes as well as the call's:
  /// the operations that fill and use a container the fix retypes, in the
  /// finding's function or another (docs/attribution.md, "Related code").
  std::vector<RelatedCode> Related;
  /// Qualified name of the flagged API ("faiss::IndexFlat::search"), empty
  /// when the finding is not about a call.
  std::string Api;
  /// Names (globs) of the operations a trace shows for the flagged API
  /// ("aten::addmm", "faiss::*::search"): operator evidence.
  std::vector<std::string> Operators;
  /// The speedup of the flagged code once fixed, when the catalog has one
  /// calibrated for this API; else the category's range applies.
  std::optional<SpeedupRange> Speedup;
  /// The part of the call that batching does not change, when the catalog
  /// knows it for this API.
  std::optional<PerItemWork> PerItem;
  /// The rule's own speedup range (rules/priority.json "rules") does not
  /// apply, because its evidence is weaker than the range assumes (a hoisted
  /// project function whose cost is a loop, not a catalogued expensive
  /// API): the category's range does.
  bool CategorySpeedup = false;
  /// A mechanical, safe edit that applies the fix (hoisting), if any.
  std::vector<Replacement> FixIts;
  /// Qualified name and signature of the enclosing function, as Clang prints.
  std::string Function;
  /// lineHash() of the source line the finding is on: what baselines and
  /// SARIF fingerprints match on, so that edits elsewhere that shift lines
  /// do not change a finding's identity.
  std::string LineHash;
  /// The code only produces console output for a human (a loop printing
  /// every item, or a function whose every call feeds only a print): a
  /// report, not a hot path (docs/ranking.md, "Code roles").
  bool Diagnostic = false;
  std::vector<std::string> Notes;
};

/// FNV-1a 64 of a source line with all whitespace removed, 16 hex digits.
std::string lineHash(const std::string &LineText);

/// What the code at a path is for, as far as its path tells: tests,
/// benchmarks and demos (examples, tutorials) rank below library and
/// service code when nothing was measured.
enum class CodeRole { Library, Test, Benchmark, Demo, Diagnostic };
CodeRole codeRoleOf(const std::string &Path);
/// The role of a finding's code: diagnostic when the analysis says so,
/// else what its path tells.
CodeRole codeRoleOf(const Finding &F);
/// "library", "test", "benchmark", "demo", "diagnostic".
const char *codeRoleName(CodeRole R);

/// Total order used everywhere findings are listed without other criteria.
bool locationOrder(const Finding &A, const Finding &B);

/// A translation unit whose results may be incomplete (compile errors), or
/// that could not be read at all (CompileErrors 0; FirstError says why).
struct IncompleteFile {
  std::string File;
  unsigned CompileErrors = 0;
  std::string FirstError;
  bool unread() const { return CompileErrors == 0 && !FirstError.empty(); }
};

} // namespace hotpath

#endif
