//===- FixesExport.cpp ----------------------------------------------------===//
#include "report/FixesExport.h"

#include "llvm/Support/raw_ostream.h"

namespace hotpath {

namespace {

/// A YAML double-quoted scalar.
std::string quoted(llvm::StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    switch (C) {
    case '"':
      Out += "\\\"";
      break;
    case '\\':
      Out += "\\\\";
      break;
    case '\n':
      Out += "\\n";
      break;
    case '\t':
      Out += "\\t";
      break;
    default:
      Out += C;
    }
  }
  return Out + "\"";
}

} // namespace

std::string renderFixesYaml(const Report &R, const std::string &BuildDir) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  std::string Main;
  for (const RankedFinding &F : R.Findings)
    if (!F.F.FixIts.empty() && Main.empty())
      Main = F.F.FixIts.front().File;
  OS << "---\n";
  OS << "MainSourceFile:  " << quoted(Main) << "\n";
  OS << "Diagnostics:" << (Main.empty() ? "     []" : "") << "\n";
  for (const RankedFinding &F : R.Findings) {
    if (F.F.FixIts.empty())
      continue;
    const Replacement &First = F.F.FixIts.front();
    OS << "  - DiagnosticName:  " << quoted(F.F.RuleId) << "\n";
    OS << "    DiagnosticMessage:\n";
    OS << "      Message:         " << quoted(F.F.Message) << "\n";
    OS << "      FilePath:        " << quoted(First.File) << "\n";
    OS << "      FileOffset:      " << First.Offset << "\n";
    OS << "      Replacements:\n";
    for (const Replacement &Rep : F.F.FixIts) {
      OS << "        - FilePath:        " << quoted(Rep.File) << "\n";
      OS << "          Offset:          " << Rep.Offset << "\n";
      OS << "          Length:          " << Rep.Length << "\n";
      OS << "          ReplacementText: " << quoted(Rep.Text) << "\n";
    }
    OS << "    Level:           Warning\n";
    OS << "    BuildDirectory:  " << quoted(BuildDir) << "\n";
  }
  OS << "...\n";
  return Out;
}

} // namespace hotpath
