//===- HtmlReporter.cpp - One self-contained HTML page --------------------===//
//
// No script, no external resource (a Content-Security-Policy of
// default-src 'none' makes the browser refuse any), so the page shows the
// same offline and cannot run code from the analysed sources or traces:
// every string from them goes through escapeHtml(). Inline SVG draws the
// bar chart of estimated savings and the profile's flame graph (root at the
// top), the findings' functions marked.
//
//===----------------------------------------------------------------------===//
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>

namespace hotpath {

namespace {

constexpr double FlameWidth = 1200;
constexpr double RowHeight = 18;
constexpr double CharWidth = 7;
constexpr size_t MaxBars = 20;

/// Escaped, and on one line (oneLine()): text from code and traces.
std::string escapeHtml(const std::string &S) {
  std::string Out;
  for (char C : oneLine(S)) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string number(double V) {
  std::string Out;
  llvm::raw_string_ostream(Out) << llvm::format("%.1f", V);
  return Out;
}

/// A warm colour that depends only on the name (flame graph convention).
std::string colourOf(const std::string &Name) {
  uint32_t H = 2166136261u;
  for (unsigned char C : Name)
    H = (H ^ C) * 16777619u;
  unsigned Hue = 15 + H % 40, Light = 60 + (H >> 8) % 15;
  return "hsl(" + std::to_string(Hue) + ",85%," + std::to_string(Light) + "%)";
}

/// The name shortened to what fits in `Width` pixels, or empty.
std::string fitted(const std::string &Name, double Width) {
  size_t Fit = Width > 12 ? static_cast<size_t>((Width - 6) / CharWidth) : 0;
  if (Fit < 3)
    return "";
  if (Name.size() <= Fit)
    return Name;
  return Name.substr(0, Fit - 2) + "..";
}

void writeStyle(llvm::raw_ostream &OS) {
  OS << "<style>\n"
        "body{font:14px/1.4 "
        "sans-serif;margin:24px;color:#222;background:#fff}\n"
        "h1{font-size:22px}h2{font-size:17px;margin-top:28px}\n"
        // The findings table fits the window (1280 px and less): fixed
        // column widths, long paths, names and messages wrap anywhere.
        "table{border-collapse:collapse;width:100%;max-width:100%;"
        "table-layout:fixed}\n"
        "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;"
        "vertical-align:top;overflow-wrap:anywhere;word-break:break-word}\n"
        "th{background:#f3f3f3}td.n{text-align:right;overflow-wrap:normal;"
        "word-break:normal}\np{overflow-wrap:anywhere}\n"
        "#findings th:nth-child(1){width:3em}"
        "#findings th:nth-child(2){width:6em}"
        "#findings th:nth-child(3){width:18%}"
        "#findings th:nth-child(4){width:12%}"
        "#findings th:nth-child(n+7){width:7em}\n"
        "code{font-family:monospace;font-size:13px}\n"
        ".critical{color:#b00020;font-weight:bold}.high{color:#c05000}\n"
        ".warn{background:#fff4e0;border-left:4px solid #e0a000;"
        "padding:6px 10px}\n"
        "svg text{font:12px monospace;fill:#000}\n"
        "svg .marked{stroke:#000;stroke-width:2}\n"
        ".legend{display:inline-block;width:12px;height:12px;"
        "vertical-align:middle;border:2px solid #000;background:#e0301e}\n"
        "</style>\n";
}

void writeSummary(llvm::raw_ostream &OS, const Report &R) {
  std::map<std::string, unsigned> ByPriority;
  for (const RankedFinding &F : R.Findings)
    ++ByPriority[F.Priority];
  OS << "<p>" << R.Findings.size() << " finding"
     << (R.Findings.size() == 1 ? "" : "s") << " in " << R.FilesAnalysed
     << " analysed file" << (R.FilesAnalysed == 1 ? "" : "s");
  bool First = true;
  for (const auto &[P, N] : ByPriority) {
    OS << (First ? ": " : ", ") << N << " " << escapeHtml(P);
    First = false;
  }
  OS << ".";
  if (R.Traces.empty()) {
    OS << " No trace given: ranked by the priority table.</p>\n";
  } else {
    OS << " Profile: " << llvm::format("%.6g", R.ProfileTotal) << " "
       << escapeHtml(R.ProfileUnit) << " from";
    for (const TraceInfo &T : R.Traces)
      OS << " <code>" << escapeHtml(T.Path) << "</code> ("
         << escapeHtml(T.Format) << ")";
    OS << "; the findings' code took " << percentText(R.Covered)
       << " of it. Estimated whole-program speedup if fixed: top 1 "
       << llvm::format("%.2fx", R.SpeedupTop1) << ", top 3 "
       << llvm::format("%.2fx", R.SpeedupTop3) << ", all "
       << llvm::format("%.2fx", R.SpeedupAll) << ".</p>\n";
  }
  // A warning, as in every format, in the words of incompleteText().
  for (const IncompleteFile &I : R.Incomplete) {
    OS << "<p class=\"warn\">warning: ";
    if (I.unread())
      OS << "<code>" << escapeHtml(I.File)
         << "</code> not analysed: " << escapeHtml(I.FirstError);
    else
      OS << errorCountText(I) << "; results for <code>" << escapeHtml(I.File)
         << "</code> may be incomplete"
         << (I.FirstError.empty()
                 ? ""
                 : " (first: <code>" + escapeHtml(I.FirstError) + "</code>)");
    OS << "</p>\n";
  }
  for (const std::string &W : R.Warnings)
    OS << "<p class=\"warn\">" << escapeHtml(W) << "</p>\n";
}

void writeSavings(llvm::raw_ostream &OS, const Report &R) {
  OS << "<h2>Estimated saving per finding</h2>\n";
  std::vector<const RankedFinding *> Bars;
  for (const RankedFinding &F : R.Findings)
    if (F.EstimatedSaving && Bars.size() < MaxBars)
      Bars.push_back(&F);
  if (Bars.empty()) {
    OS << "<p>No finding was measured (no trace, or none of its code in the "
          "trace): nothing to chart.</p>\n";
    return;
  }
  double Max = 0;
  for (const RankedFinding *F : Bars)
    Max = std::max(Max, *F->EstimatedSaving);
  const double LabelWidth = 420, BarWidth = 600, Row = 22;
  double Height = Row * Bars.size() + 10;
  OS << "<svg id=\"savings\" xmlns=\"http://www.w3.org/2000/svg\" width=\""
     << number(LabelWidth + BarWidth + 80) << "\" height=\"" << number(Height)
     << "\" role=\"img\" aria-label=\"estimated saving per finding\">\n";
  for (size_t I = 0; I < Bars.size(); ++I) {
    const RankedFinding &F = *Bars[I];
    double Y = 5 + Row * I;
    double W = Max > 0 ? *F.EstimatedSaving / Max * BarWidth : 0;
    // The label has the file's name only; the tooltip its path.
    std::string Rank = "#" + std::to_string(F.Rank) + " " + F.F.RuleId + " ";
    std::string Line = ":" + std::to_string(F.F.Location.Line);
    std::string Label =
        Rank + llvm::sys::path::filename(F.F.Location.File).str() + Line;
    std::string Tip = Rank + F.F.Location.File + Line;
    OS << "<text x=\"0\" y=\"" << number(Y + 14) << "\">"
       << escapeHtml(fitted(Label, LabelWidth)) << "</text>";
    OS << "<rect x=\"" << number(LabelWidth) << "\" y=\"" << number(Y)
       << "\" width=\"" << number(std::max(W, 1.0)) << "\" height=\"18\" "
       << "fill=\""
       << (levelOf(F.Priority) == Level::Error     ? "#c0392b"
           : levelOf(F.Priority) == Level::Warning ? "#e67e22"
                                                   : "#95a5a6")
       << "\"><title>"
       << escapeHtml(Tip + ": estimated saving " +
                     percentText(F.EstimatedSaving))
       << "</title></rect>";
    OS << "<text x=\"" << number(LabelWidth + std::max(W, 1.0) + 6) << "\" y=\""
       << number(Y + 14) << "\">" << percentText(F.EstimatedSaving)
       << "</text>\n";
  }
  OS << "</svg>\n";
}

void writeFlameGraph(llvm::raw_ostream &OS, const Report &R) {
  OS << "<h2>Profile flame graph</h2>\n";
  if (R.Flame.empty()) {
    OS << "<p>"
       << (R.Traces.empty() ? "No trace given."
                            : "The trace has no call stacks (a call-graph "
                              "format): no flame graph.")
       << "</p>\n";
    return;
  }
  unsigned Depth = 0;
  for (const FlameFrame &F : R.Flame)
    Depth = std::max(Depth, F.Depth);
  OS << "<p><span class=\"legend\"></span> functions with findings (their "
        "ranks in the tooltip). Width: share of the profile; the outermost "
        "frames are at the top.</p>\n";
  OS << "<svg id=\"flamegraph\" xmlns=\"http://www.w3.org/2000/svg\" width=\""
     << number(FlameWidth) << "\" height=\"" << number(RowHeight * Depth + 2)
     << "\" role=\"img\" aria-label=\"flame graph\">\n";
  for (const FlameFrame &F : R.Flame) {
    double X = F.Start * FlameWidth, W = F.Width * FlameWidth;
    double Y = (F.Depth - 1) * RowHeight;
    std::string Tip = F.Name + " — " + percentText(F.Width);
    if (!F.Ranks.empty()) {
      Tip += " — findings: rank";
      for (unsigned Rank : F.Ranks)
        Tip += " " + std::to_string(Rank);
    }
    bool Marked = !F.Ranks.empty();
    OS << "<g><title>" << escapeHtml(Tip) << "</title><rect x=\"" << number(X)
       << "\" y=\"" << number(Y) << "\" width=\"" << number(std::max(W, 0.5))
       << "\" height=\"" << number(RowHeight - 1) << "\" fill=\""
       << (Marked ? "#e0301e" : colourOf(F.Name)) << "\""
       << (Marked ? " class=\"marked\"" : "") << "/>";
    std::string Text = fitted(F.Name, W);
    if (!Text.empty())
      OS << "<text x=\"" << number(X + 3) << "\" y=\""
         << number(Y + RowHeight - 5) << "\">" << escapeHtml(Text) << "</text>";
    OS << "</g>\n";
  }
  OS << "</svg>\n";
}

void writeFindings(llvm::raw_ostream &OS, const Report &R) {
  OS << "<h2>Findings</h2>\n";
  if (R.Findings.empty()) {
    OS << "<p>No findings.</p>\n";
    return;
  }
  OS << "<table id=\"findings\">\n<tr><th>rank</th><th>priority</th>"
        "<th>location</th><th>rule</th><th>finding</th><th>fix</th>"
        "<th>hot share</th><th>expected speedup</th><th>estimated "
        "saving</th></tr>\n";
  for (const RankedFinding &F : R.Findings) {
    OS << "<tr><td class=\"n\">" << F.Rank << "</td><td class=\""
       << (F.Priority == "critical" ? "critical"
           : F.Priority == "high"   ? "high"
                                    : "")
       << "\">" << escapeHtml(F.Priority) << "</td><td><code>"
       << escapeHtml(F.F.Location.File) << ":" << F.F.Location.Line << ":"
       << F.F.Location.Column << "</code><br><code>" << escapeHtml(F.F.Function)
       << "</code></td><td><code>" << escapeHtml(F.F.RuleId) << "</code><br>"
       << escapeHtml(categoryId(F.F.Cat)) << "</td><td>"
       << escapeHtml(F.F.Message) << "</td><td>" << escapeHtml(F.F.FixHint)
       << "</td><td class=\"n\">" << percentText(F.HotFraction);
    if (F.HotFraction)
      OS << "<br>" << evidenceId(F.Evid) << " evidence";
    if (F.MeasuredCalls)
      OS << "<br>" << escapeHtml(measuredCallsText(F));
    OS << "</td><td class=\"n\">" << speedupText(F.ExpectedSpeedup)
       << "</td><td class=\"n\">"
       << (F.EstimatedSaving ? percentText(F.EstimatedSaving) : "–")
       << "</td></tr>\n";
  }
  OS << "</table>\n";
}

} // namespace

std::string renderHtml(const Report &R) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
        "'none'; style-src 'unsafe-inline'\">\n"
        "<title>hotpath report</title>\n";
  writeStyle(OS);
  OS << "</head>\n<body>\n<h1>hotpath report</h1>\n";
  writeSummary(OS, R);
  writeSavings(OS, R);
  writeFlameGraph(OS, R);
  writeFindings(OS, R);
  OS << "<p><small>hotpath " << escapeHtml(R.ToolVersion)
     << "</small></p>\n</body>\n</html>\n";
  return Out;
}

} // namespace hotpath
