//===- Reporter.h - The closed set of output formats ----------------------===//
#ifndef HOTPATH_REPORT_REPORTER_H
#define HOTPATH_REPORT_REPORTER_H

#include "model/RankedFinding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace hotpath {

/// Output formats; one switch in render() (pprof's report.Generate).
enum class Format {
  Text,
  Json,
  Sarif,
  Github,
  Rdjson,
  CodeClimate,
  Markdown,
  Html
};

/// Parses a --format value; std::nullopt when unknown.
std::optional<Format> parseFormat(llvm::StringRef Name);
/// The names --format accepts, for messages.
const char *formatNames();

/// Renders a ranked report. Reporters see only ranked findings.
std::string render(const Report &R, Format F);

/// Compiler-style text, clang-tidy-like.
std::string renderText(const Report &R);
/// JSON with the field names of DESIGN.md.
std::string renderJson(const Report &R);
/// SARIF 2.1.0 for GitHub code scanning (docs/output.md).
std::string renderSarif(const Report &R);
/// GitHub Actions workflow commands, at most 10 per level.
std::string renderGithub(const Report &R);
/// reviewdog's rdjson DiagnosticResult.
std::string renderRdjson(const Report &R);
/// GitLab code quality (Code Climate issues).
std::string renderCodeClimate(const Report &R);
/// A pull-request comment.
std::string renderMarkdown(const Report &R);
/// One self-contained HTML page with a flame graph and a savings chart.
std::string renderHtml(const Report &R);

/// Writes `Contents` to `Path` atomically: a reader sees the old file or the
/// whole new one, never a half-written file.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents);

} // namespace hotpath

#endif
