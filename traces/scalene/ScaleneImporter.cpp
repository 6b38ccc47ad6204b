//===- ScaleneImporter.cpp ------------------------------------------------===//
#include "traces/scalene/ScaleneImporter.h"
#include "traces/common/InputFile.h"
#include "traces/common/Values.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace hotpath {

namespace {

/// One function of a file's `functions` list: its name, first line and
/// share (percent of the run's CPU samples), and how much of that share
/// the file's lines assigned to it so far.
struct FunctionShare {
  std::string Name;
  unsigned FirstLine = 0;
  double Percent = 0;
  double Assigned = 0;
};

struct LineShare {
  unsigned Line = 0;
  double Percent = 0;
};

/// A line's or a function's share: Python + native + system time, percent.
/// NaN when a part is missing, negative, non-finite or above 100.
double shareOf(const nlohmann::json &Entry) {
  double Sum = 0;
  for (const char *Key :
       {"n_cpu_percent_python", "n_cpu_percent_c", "n_sys_percent"}) {
    double V = numberMember(Entry, Key, 0);
    if (!std::isfinite(V) || V < 0 || V > 100.0001)
      return std::numeric_limits<double>::quiet_NaN();
    Sum += V;
  }
  return Sum;
}

unsigned lineOf(const nlohmann::json &Entry) {
  const nlohmann::json *L = member(Entry, "lineno");
  if (!L || !L->is_number_unsigned() || L->get<uint64_t>() == 0 ||
      L->get<uint64_t>() > std::numeric_limits<unsigned>::max())
    return 0;
  return L->get<unsigned>();
}

/// Percentages are sums of floating-point samples: the functions' sums and
/// their lines' differ in the last digits.
bool fits(double Part, double Budget) {
  return Part <= Budget + 1e-6 * std::max(1.0, Budget);
}

/// Which function each line is in. The lines do not say: a line belongs to
/// the function with the nearest first line at or above it, as long as the
/// lines given to that function stay within the function's own share;
/// a line beyond it (module code after a `def`, or an enclosing function's
/// code after a nested `def`) goes to the nearest function above with share
/// left, else to the module. Returns the function's index per line, -1 for
/// the module. `Functions` is sorted by first line; the search above a
/// line stops after MaxNesting functions (an untrusted file may list any
/// number), deeper than Python code nests.
std::vector<int> assignLines(const std::vector<LineShare> &Lines,
                             std::vector<FunctionShare> &Functions) {
  constexpr int MaxNesting = 64;
  std::vector<int> Out;
  for (const LineShare &L : Lines) {
    int Owner = -1;
    int Above = static_cast<int>(
        std::upper_bound(Functions.begin(), Functions.end(), L.Line,
                         [](unsigned Line, const FunctionShare &F) {
                           return Line < F.FirstLine;
                         }) -
        Functions.begin());
    for (int I = Above - 1; I >= 0 && I >= Above - MaxNesting; --I) {
      FunctionShare &F = Functions[I];
      if (fits(F.Assigned + L.Percent, F.Percent)) {
        Owner = I;
        F.Assigned += L.Percent;
        break;
      }
    }
    Out.push_back(Owner);
  }
  return Out;
}

} // namespace

bool ScaleneImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  llvm::StringRef T = Prefix.ltrim();
  return T.startswith("{") && T.contains("\"elapsed_time_sec\"") &&
         (T.contains("\"max_footprint_mb\"") || T.contains("\"files\""));
}

llvm::Error ScaleneImporter::import(InputFile &In, Profile &P) const {
  std::string Data;
  if (llvm::Error E = readAll(In, Data))
    return E;
  nlohmann::json J = nlohmann::json::parse(Data, nullptr, false);
  if (J.is_discarded() || !J.is_object())
    return traceError(In.path(), "invalid Scalene JSON");
  double Elapsed = numberMember(J, "elapsed_time_sec",
                                std::numeric_limits<double>::quiet_NaN());
  if (!std::isfinite(Elapsed) || Elapsed < 0 || Elapsed > 1e9)
    return traceError(In.path(),
                      "Scalene JSON without a valid elapsed_time_sec");
  const nlohmann::json *Files = member(J, "files");
  if (!Files || !Files->is_object())
    return traceError(In.path(), "Scalene JSON without a 'files' object");
  P.setUnit("s");
  P.setLinesExcludeProfiledCallees();
  double Total = 0;
  // nlohmann's objects iterate in key order: deterministic.
  for (auto It = Files->begin(); It != Files->end(); ++It) {
    const std::string &File = It.key();
    std::vector<FunctionShare> Functions;
    for (const nlohmann::json &E : arrayMember(It.value(), "functions")) {
      FunctionShare F;
      F.Name = stringMember(E, "line", "");
      F.FirstLine = lineOf(E);
      F.Percent = shareOf(E);
      if (F.Name.empty() || !F.FirstLine || std::isnan(F.Percent)) {
        P.stats().count(Severity::DataLoss, "malformed function entry", File);
        continue;
      }
      Functions.push_back(std::move(F));
    }
    std::stable_sort(Functions.begin(), Functions.end(),
                     [](const FunctionShare &A, const FunctionShare &B) {
                       return A.FirstLine < B.FirstLine;
                     });
    std::vector<LineShare> Lines;
    for (const nlohmann::json &E : arrayMember(It.value(), "lines")) {
      LineShare L{lineOf(E), shareOf(E)};
      if (!L.Line || std::isnan(L.Percent)) {
        P.stats().count(Severity::DataLoss, "malformed line entry", File);
        continue;
      }
      if (L.Percent > 0)
        Lines.push_back(L);
    }
    std::stable_sort(
        Lines.begin(), Lines.end(),
        [](const LineShare &A, const LineShare &B) { return A.Line < B.Line; });
    std::vector<int> Owner = assignLines(Lines, Functions);
    for (const FunctionShare &F : Functions)
      P.setFirstLine(P.internFrame({F.Name, File, 0, "", false}), F.FirstLine);
    for (size_t I = 0; I < Lines.size(); ++I) {
      const std::string &Name =
          Owner[I] < 0 ? std::string("<module>") : Functions[Owner[I]].Name;
      P.countEvents();
      P.addFunctionCost(P.internFrame({Name, File, Lines[I].Line, "", false}),
                        Lines[I].Percent / 100 * Elapsed);
      Total += Lines[I].Percent;
    }
    for (const FunctionShare &F : Functions)
      if (!fits(F.Percent, F.Assigned))
        P.stats().count(Severity::Info,
                        "function share larger than its lines' (samples on "
                        "lines Scalene did not list)",
                        F.Name);
  }
  if (!fits(Total, 100))
    P.stats().count(Severity::DataLoss,
                    "line shares sum to more than 100% of the run");
  // Samples Scalene counted but charged to no listed line (a file it could
  // not read back): kept, so that every share is Scalene's own.
  else if (100 - Total > 1e-6)
    P.addFunctionCost(
        P.internFrame({"[not on a profiled line]", "", 0, "", false}),
        (100 - Total) / 100 * Elapsed);
  return llvm::Error::success();
}

} // namespace hotpath
