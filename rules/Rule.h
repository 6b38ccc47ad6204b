//===- Rule.h - Base class of every hotpath rule --------------------------===//
#ifndef HOTPATH_RULES_RULE_H
#define HOTPATH_RULES_RULE_H

#include "analyzer/LoopFacts.h"
#include "analyzer/TUContext.h"
#include "analyzer/python/PyContext.h"
#include "model/Finding.h"
#include "model/FindingsSink.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hotpath {

/// One rule: finds one anti-pattern and reports it into a FindingsSink.
/// Rules only report: they never print, read traces, rank or format.
class Rule {
public:
  Rule(llvm::StringRef Id, Category Cat) : Id(Id.str()), Cat(Cat) {}
  virtual ~Rule();

  /// Kebab-case id, `<category>-<name>`.
  const std::string &id() const { return Id; }
  Category category() const { return Cat; }
  /// One-line summary for `hotpath rules` and SARIF descriptors.
  virtual llvm::StringRef summary() const = 0;
  /// Checks one project function; must be thread-safe (const, no state).
  virtual void check(const TUContext &TU, const FunctionFacts &F,
                     FindingsSink &Sink) const = 0;
  /// The rule's Python half (docs/python.md), in `<Rule>Python.cpp`: checks
  /// one Python function (the module's top level is one). Default: the rule
  /// has none.
  virtual void checkPython(const py::PyContext &Ctx, const py::Function &F,
                           FindingsSink &Sink) const {}
  /// Checks one Python file. Default: checkPython on each of its functions;
  /// a rule whose facts are the file's (the __main__ block, what it
  /// reaches) overrides this to find them once.
  virtual void checkPythonFile(const py::PyContext &Ctx,
                               FindingsSink &Sink) const;

protected:
  Finding makeFinding(const TUContext &TU, const FunctionFacts &F,
                      const clang::Expr *At, const LoopInfo &L) const;
  Finding makeFinding(const py::PyContext &Ctx, py::Node At,
                      const py::Function &F, const py::Loop *L) const {
    return Ctx.makeFinding(Id, Cat, At, F, L);
  }

private:
  std::string Id;
  Category Cat;
};

/// The option naming where code-level-missing-inference-mode's call paths
/// start (default "main"); the frontend resolves the paths.
constexpr const char *EntryPointsOption =
    "code-level-missing-inference-mode.EntryPoints";
/// The EntryPoints option's value: comma-separated qualified names or globs
/// (`svc::Server::*`); an empty name or a bad glob is an error.
llvm::Expected<std::vector<std::string>>
parseEntryPoints(llvm::StringRef Value);

/// Every rule, in id order (registered here, not by static initialisers).
std::vector<std::unique_ptr<Rule>> createAllRules();

/// Every rule with the options of the configuration ("rule-id.Option" ->
/// value); an unknown option or a bad value is an error naming it.
llvm::Expected<std::vector<std::unique_ptr<Rule>>>
createAllRules(const std::map<std::string, std::string> &Options);

/// Runs a set of rules on each TU, and on each Python file.
class RuleSet : public TUHandler, public py::PyHandler {
public:
  explicit RuleSet(std::vector<std::unique_ptr<Rule>> Rules)
      : Rules(std::move(Rules)) {}
  void handle(const TUContext &TU, FindingsSink &Sink) const override;
  void handlePython(const py::PyContext &Ctx,
                    FindingsSink &Sink) const override;
  const std::vector<std::unique_ptr<Rule>> &rules() const { return Rules; }

private:
  std::vector<std::unique_ptr<Rule>> Rules;
};

} // namespace hotpath

#endif
