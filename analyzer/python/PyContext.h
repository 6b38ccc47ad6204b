//===- PyContext.h - One Python file, as the rules see it -----------------===//
//
// The Python counterpart of TUContext: the file's facts, its path relative
// to the project root, and how a finding at a node is made (location, loop
// and call lines, enclosing function, line hash) so that every rule's
// Python half reports in the same shape as its C++ half.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_PYTHON_PYCONTEXT_H
#define HOTPATH_ANALYZER_PYTHON_PYCONTEXT_H

#include "analyzer/python/PyFacts.h"
#include "model/Finding.h"
#include "model/FindingsSink.h"

#include <string>

namespace hotpath {
class ApiCatalog;
} // namespace hotpath

namespace hotpath::py {

class PyContext {
public:
  PyContext(const ModuleFacts &Facts, std::string File,
            const ApiCatalog *Catalog = nullptr)
      : Facts(Facts), File(std::move(File)), Catalog(Catalog) {}

  const ModuleFacts &facts() const { return Facts; }
  /// The API catalogs (calibrated speedups of Python calls); may be null.
  const ApiCatalog *catalog() const { return Catalog; }
  /// The file, relative to the project root.
  const std::string &file() const { return File; }

  /// A finding of `RuleId` at `At`, about loop `L` of `F` (null: none).
  Finding makeFinding(llvm::StringRef RuleId, Category Cat, Node At,
                      const Function &F, const Loop *L) const;
  /// "for loop at line 12", "list comprehension at line 3".
  static std::string loopPhrase(const Loop &L);
  /// The node's source on one line, at most 80 bytes ("…" when cut).
  static std::string snippet(Node N);

private:
  const ModuleFacts &Facts;
  std::string File;
  const ApiCatalog *Catalog;
};

/// What runs on each Python file (RuleSet implements it).
class PyHandler {
public:
  virtual ~PyHandler();
  virtual void handlePython(const PyContext &Ctx, FindingsSink &Sink) const = 0;
};

} // namespace hotpath::py

#endif
