//===- FixesExport.h - --export-fixes in clang-apply-replacements' YAML ---===//
#ifndef HOTPATH_REPORT_FIXESEXPORT_H
#define HOTPATH_REPORT_FIXESEXPORT_H

#include "model/RankedFinding.h"

#include <string>

namespace hotpath {

/// The fix-its of `R`'s findings as the YAML clang-tidy's --export-fixes
/// writes and clang-apply-replacements reads (MainSourceFile, Diagnostics
/// with DiagnosticName, DiagnosticMessage, Replacements). Findings without a
/// fix-it are left out.
std::string renderFixesYaml(const Report &R, const std::string &BuildDir);

} // namespace hotpath

#endif
