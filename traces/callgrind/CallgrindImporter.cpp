//===- CallgrindImporter.cpp ----------------------------------------------===//
#include "traces/callgrind/CallgrindImporter.h"
#include "traces/common/Values.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

namespace hotpath {

namespace {

/// One compressed-name table ("(id) name" / "(id)"), bounded like the
/// profile's frames: definitions past the bound are used for their own line
/// and counted, and later references to them count as undefined.
class NameTable {
public:
  /// Resolves a spec; false on an undefined "(id)", whose name is then the
  /// spec itself.
  bool resolve(llvm::StringRef Spec, std::string &Name, ImportStats &Stats) {
    Spec = Spec.trim();
    if (!Spec.startswith("(")) {
      Name = Spec.str();
      return true;
    }
    size_t Close = Spec.find(')');
    if (Close == llvm::StringRef::npos)
      return false;
    llvm::StringRef Id = Spec.substr(1, Close - 1);
    llvm::StringRef Rest = Spec.substr(Close + 1).trim();
    if (!Rest.empty()) {
      Name = Rest.str();
      auto Found = Names.find(Id);
      if (Found != Names.end()) {
        Bytes = Bytes - Found->second.size() + Rest.size();
        Found->second = Name;
      } else if (Names.size() < Profile::MaxFrames &&
                 Bytes + Id.size() + Rest.size() <= Profile::MaxFrameBytes) {
        Bytes += Id.size() + Rest.size();
        Names[Id] = Name;
      } else {
        Stats.count(Severity::DataLoss,
                    "compressed names beyond the table's bound not kept");
      }
      return true;
    }
    auto It = Names.find(Id);
    if (It == Names.end()) {
      // Its costs stay apart under the id, not with the previous name.
      Name = Spec.str();
      return false;
    }
    Name = It->second;
    return true;
  }

private:
  llvm::StringMap<std::string> Names;
  size_t Bytes = 0;
};

/// Parses one subposition ("12", "0x1a", "+3", "-2", "*") against the last.
bool position(llvm::StringRef Tok, uint64_t &Last) {
  uint64_t V = 0;
  if (Tok == "*")
    return true;
  if (Tok.startswith("+") || Tok.startswith("-")) {
    if (Tok.drop_front().getAsInteger(0, V))
      return false;
    Last = Tok[0] == '+' ? Last + V : Last - V;
    return true;
  }
  if (Tok.getAsInteger(0, V))
    return false;
  Last = V;
  return true;
}

} // namespace

bool CallgrindImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  return Prefix.startswith("# callgrind format") ||
         (Prefix.startswith("version:") && Prefix.contains("\nevents:")) ||
         Prefix.contains("\ncreator: callgrind");
}

llvm::Error CallgrindImporter::import(InputFile &In, Profile &P) const {
  NameTable Files, Functions, Objects;
  std::string Ob, Fl, Fi, Fn, Cfi, Cfn, Cob;
  unsigned NumPositions = 1;
  bool LinePositions = true;
  std::vector<uint64_t> Last(2, 0);
  bool PendingCall = false;
  double Totals = -1, PartTotals = -1;
  bool SawEvents = false;
  double SelfSum = 0;

  auto FrameFor = [&](const std::string &Name, const std::string &File,
                      unsigned LineNo, const std::string &Obj) {
    return P.internFrame({Name, File, LineNo, Obj, false});
  };

  uint64_t LastLine = 0;
  llvm::Error E =
      forEachLine(In, P.stats(), [&](llvm::StringRef Line, uint64_t No) {
        LastLine = No;
        auto At = [No] { return "line " + std::to_string(No); };
        llvm::StringRef L = Line.trim();
        if (L.empty() || L.startswith("#"))
          return;
        char C = L[0];
        bool CostLine =
            (C >= '0' && C <= '9') || C == '+' || C == '-' || C == '*';
        if (!CostLine) {
          auto [Key, Value] = L.split('=');
          auto [HKey, HValue] = L.split(':');
          bool Ok = true;
          if (Key == "ob")
            Ok = Objects.resolve(Value, Ob, P.stats());
          else if (Key == "fl") {
            Ok = Files.resolve(Value, Fl, P.stats());
            Fi = Fl;
          } else if (Key == "fi" || Key == "fe")
            Ok = Files.resolve(Value, Fi, P.stats());
          else if (Key == "fn") {
            Ok = Functions.resolve(Value, Fn, P.stats());
            Fi = Fl;
          } else if (Key == "cob")
            Ok = Objects.resolve(Value, Cob, P.stats());
          else if (Key == "cfi" || Key == "cfl")
            Ok = Files.resolve(Value, Cfi, P.stats());
          else if (Key == "cfn")
            Ok = Functions.resolve(Value, Cfn, P.stats());
          else if (Key == "calls") {
            PendingCall = true;
          } else if (Key == "jump" || Key == "jcnd") {
            // Jump counts (--collect-jumps) carry no cost.
          } else if (HKey == "events") {
            llvm::SmallVector<llvm::StringRef, 4> Events;
            HValue.split(Events, ' ', -1, false);
            if (!Events.empty())
              P.setUnit(Events.front().str());
            SawEvents = true;
          } else if (HKey == "positions") {
            NumPositions =
                HValue.contains("instr") && HValue.contains("line") ? 2 : 1;
            LinePositions = HValue.contains("line");
            Last.assign(NumPositions, 0);
          } else if (HKey == "totals" || HKey == "summary") {
            // One summary for the file, or one totals line per part.
            llvm::SmallVector<llvm::StringRef, 4> V;
            HValue.split(V, ' ', -1, false);
            double T = 0;
            if (!V.empty() && !V.front().getAsDouble(T)) {
              if (HKey == "totals")
                PartTotals = (PartTotals < 0 ? 0 : PartTotals) + T;
              else
                Totals = T;
            }
          } else if (!L.contains(':')) {
            P.stats().count(Severity::Error, "unknown line", At());
          }
          if (!Ok)
            P.stats().count(Severity::DataLoss,
                            "reference to an undefined name", At());
          return;
        }
        // Cost line: subpositions, then costs (first event only).
        llvm::SmallVector<llvm::StringRef, 8> Tok;
        L.split(Tok, ' ', -1, false);
        bool Ok = Tok.size() >= NumPositions;
        for (unsigned I = 0; Ok && I < NumPositions; ++I)
          Ok = position(Tok[I], Last[I]);
        double Cost = 0;
        if (Ok && Tok.size() > NumPositions)
          Ok = !Tok[NumPositions].getAsDouble(Cost);
        if (!Ok || Fn.empty()) {
          P.stats().count(Severity::DataLoss, "malformed cost line", At());
          PendingCall = false;
          return;
        }
        P.countEvents();
        unsigned LineNo =
            LinePositions ? static_cast<unsigned>(Last.back()) : 0;
        // Lines of code inlined from another file (fi=) are not lines of this
        // function's file.
        unsigned OwnLine = Fi == Fl ? LineNo : 0;
        if (PendingCall) {
          PendingCall = false;
          if (Cfn.empty()) {
            P.stats().count(Severity::DataLoss, "calls= without cfn=", At());
            return;
          }
          std::string CalleeFile = Cfi.empty() ? Fi : Cfi;
          P.addCallCost(FrameFor(Fn, Fl, OwnLine, Ob),
                        FrameFor(Cfn, CalleeFile, 0, Cob.empty() ? Ob : Cob),
                        Cost);
          Cfi.clear();
          Cfn.clear();
          Cob.clear();
          return;
        }
        P.addFunctionCost(FrameFor(Fn, Fl, OwnLine, Ob), Cost);
        SelfSum += Cost;
      });
  if (E)
    return E;
  if (PendingCall)
    P.stats().count(Severity::DataLoss, TruncatedKind,
                    "line " + std::to_string(LastLine));
  if (!SawEvents)
    return traceError(In.path(), "no 'events:' line: not a callgrind file");
  if (PartTotals >= 0)
    Totals = PartTotals;
  if (Totals >= 0 && Totals != SelfSum)
    P.stats().count(Severity::Error,
                    "cost lines add up to " + numberText(SelfSum) +
                        ", the file's total is " + numberText(Totals));
  return llvm::Error::success();
}

} // namespace hotpath
