//===- PyCacheText.h - Python facts as cache texts ------------------------===//
//
// What the result cache keeps of a Python file besides its results
// (docs/python.md, "The run, and the result cache"): its classes and what
// its calls of imported functions pass, as canonical JSON text, and back.
// A text that is not one gives std::nullopt (a damaged entry is a miss).
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_PYTHON_PYCACHETEXT_H
#define HOTPATH_ANALYZER_PYTHON_PYCACHETEXT_H

#include "analyzer/python/PyFacts.h"

#include <optional>
#include <string>

namespace hotpath::py {

/// [[name, [bases]], ...]
std::string classesText(const FileClasses &C);
std::optional<FileClasses> classesFrom(const std::string &Text);
/// {"name": [[kinds by position], {keyword: kind}, escaped]}, null for a
/// position no site passes.
std::string callsText(const CallTable &T);
std::optional<CallTable> callsFrom(const std::string &Text);

} // namespace hotpath::py

#endif
