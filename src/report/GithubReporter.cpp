//===- GithubReporter.cpp - GitHub Actions workflow commands --------------===//
//
//   ::error file=src/a.cpp,line=42,endLine=42,col=17,title=...::message
//
// GitHub shows at most 10 annotations of each level per step: the findings
// are already in rank order, so the first 10 of each level are the highest
// ranked; one notice at the end counts what was left out. Escaping follows
// @actions/core: data escapes % CR LF, properties also ':' and ','.
//
//===----------------------------------------------------------------------===//
#include "report/ReportUtil.h"
#include "report/Reporter.h"

namespace hotpath {

namespace {

constexpr unsigned MaxPerLevel = 10;

std::string escapeData(const std::string &S) {
  std::string Out;
  for (char C : validUtf8(S)) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else
      Out += C;
  }
  return Out;
}

std::string escapeProperty(const std::string &S) {
  std::string Out;
  for (char C : escapeData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

const char *commandOf(Level L) {
  return L == Level::Error     ? "error"
         : L == Level::Warning ? "warning"
                               : "notice";
}

} // namespace

std::string renderGithub(const Report &R) {
  std::string Out;
  unsigned Shown[3] = {0, 0, 0};
  unsigned Hidden[3] = {0, 0, 0};
  auto Emit = [&](Level L, const std::string &Properties,
                  const std::string &Message) {
    unsigned I = static_cast<unsigned>(L);
    if (Shown[I] >= MaxPerLevel) {
      ++Hidden[I];
      return;
    }
    ++Shown[I];
    Out += std::string("::") + commandOf(L) + " " + Properties +
           "::" + escapeData(Message) + "\n";
  };
  // The summary is a notice: when anything will be left out, keep a
  // notice slot for it.
  // A file with compile errors is a warning, as in every format.
  unsigned Count[3] = {0, static_cast<unsigned>(R.Incomplete.size()), 0};
  for (const RankedFinding &F : R.Findings)
    ++Count[static_cast<unsigned>(levelOf(F.Priority))];
  bool Summary = Count[0] > MaxPerLevel || Count[1] > MaxPerLevel ||
                 Count[2] > MaxPerLevel;
  for (const IncompleteFile &I : R.Incomplete)
    Emit(Level::Warning,
         "file=" + escapeProperty(I.File) +
             ",title=" + escapeProperty("hotpath: partial results"),
         incompleteText(I, true));
  for (const RankedFinding &F : R.Findings) {
    Level L = levelOf(F.Priority);
    if (L == Level::Note && Summary &&
        Shown[static_cast<unsigned>(Level::Note)] == MaxPerLevel - 1) {
      ++Hidden[static_cast<unsigned>(Level::Note)];
      continue;
    }
    std::string Props =
        "file=" + escapeProperty(F.F.Location.File) +
        ",line=" + std::to_string(F.F.Location.Line) + ",endLine=" +
        std::to_string(std::max(F.F.Call.End, F.F.Location.Line)) +
        ",col=" + std::to_string(F.F.Location.Column) + ",title=" +
        escapeProperty(F.F.RuleId + " (rank " + std::to_string(F.Rank) + ", " +
                       F.Priority + ")");
    // The annotation's own lines (message, fix, rank) stay; the rule's
    // text is one line each.
    Emit(L, Props,
         oneLine(F.F.Message) + "\nFix: " + oneLine(F.F.FixHint) + "\n" +
             rankLine(F) + " (hotpath, " + ruleDocPath(F.F.RuleId) + ")");
  }
  unsigned Left = Hidden[0] + Hidden[1] + Hidden[2];
  if (Left) {
    Out += "::notice title=" + escapeProperty("hotpath: more findings") + "::" +
           escapeData(std::to_string(Left) + " more finding" +
                      (Left == 1 ? "" : "s") +
                      " not annotated (GitHub shows 10 per level): " +
                      std::to_string(Hidden[0]) + " error, " +
                      std::to_string(Hidden[1]) + " warning, " +
                      std::to_string(Hidden[2]) +
                      " notice; see the full report (--format text or sarif)") +
           "\n";
  }
  return Out;
}

} // namespace hotpath
