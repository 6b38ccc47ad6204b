//===- SpeedscopeImporter.cpp ---------------------------------------------===//
#include "traces/speedscope/SpeedscopeImporter.h"
#include "traces/common/Values.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace hotpath {

namespace {

const char *unitOf(const std::string &Unit) {
  if (Unit == "nanoseconds")
    return "ns";
  if (Unit == "microseconds")
    return "us";
  if (Unit == "milliseconds")
    return "ms";
  if (Unit == "seconds")
    return "s";
  if (Unit == "bytes")
    return "bytes";
  return "count";
}

} // namespace

bool SpeedscopeImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  llvm::StringRef T = Prefix.ltrim();
  return T.startswith("{") &&
         (T.contains("speedscope.app/file-format-schema") ||
          (T.contains("\"shared\"") && T.contains("\"frames\"")));
}

llvm::Error SpeedscopeImporter::import(InputFile &In, Profile &P) const {
  std::string Data;
  if (llvm::Error E = readAll(In, Data))
    return E;
  // speedscope files are written whole by tools and read whole by the
  // viewer; parse them as a document.
  nlohmann::json J = nlohmann::json::parse(Data, nullptr, false);
  if (J.is_discarded() || !J.is_object())
    return traceError(In.path(), "invalid speedscope JSON");
  const nlohmann::json *Shared = member(J, "shared");
  const nlohmann::json *Frames = Shared ? member(*Shared, "frames") : nullptr;
  if (!Frames || !Frames->is_array())
    return traceError(In.path(), "speedscope file without shared.frames");
  std::vector<FrameId> FrameIds;
  for (const nlohmann::json &F : *Frames) {
    Frame Fr;
    Fr.Name = stringMember(F, "name", "[unnamed]");
    Fr.File = stringMember(F, "file", "");
    if (const nlohmann::json *Line = member(F, "line");
        Line && Line->is_number_unsigned() &&
        Line->get<uint64_t>() <= std::numeric_limits<unsigned>::max())
      Fr.Line = Line->get<unsigned>();
    FrameIds.push_back(P.internFrame(Fr));
  }
  auto FrameAt = [&](const nlohmann::json *I, FrameId &Out) {
    if (!I || !I->is_number_unsigned() || I->get<uint64_t>() >= FrameIds.size())
      return false;
    Out = FrameIds[I->get<uint64_t>()];
    return true;
  };
  const nlohmann::json *Profiles = member(J, "profiles");
  if (!Profiles || !Profiles->is_array())
    return traceError(In.path(), "speedscope file without profiles");
  std::string Unit;
  for (const nlohmann::json &Prof : *Profiles) {
    std::string ProfUnit = unitOf(stringMember(Prof, "unit", "none"));
    if (Unit.empty())
      Unit = ProfUnit;
    if (ProfUnit != Unit) {
      P.stats().count(Severity::DataLoss,
                      "profile in another unit skipped (" + ProfUnit + ")");
      continue;
    }
    std::string Type = stringMember(Prof, "type", "");
    if (Type == "sampled") {
      const nlohmann::json *Samples = member(Prof, "samples");
      const nlohmann::json &Weights = arrayMember(Prof, "weights");
      if (!Samples || !Samples->is_array()) {
        P.stats().count(Severity::DataLoss, "sampled profile without samples");
        continue;
      }
      for (size_t I = 0; I < Samples->size(); ++I) {
        const nlohmann::json &Sample = (*Samples)[I];
        double W = 1;
        if (I < Weights.size() && Weights[I].is_number())
          W = Weights[I].get<double>();
        if (!std::isfinite(W) || W < 0 || W > 1e300) {
          P.stats().count(Severity::DataLoss, "sample with a bad weight");
          continue;
        }
        NodeId Node = Profile::Root;
        bool Ok = Sample.is_array();
        for (size_t K = 0; Ok && K < Sample.size(); ++K) {
          FrameId F;
          Ok = FrameAt(&Sample[K], F);
          if (Ok)
            Node = P.internCallsite(Node, F);
        }
        if (!Ok) {
          P.stats().count(Severity::DataLoss, "sample with a bad frame index");
          continue;
        }
        P.addSample(Node, W);
        P.countEvents();
      }
    } else if (Type == "evented") {
      const nlohmann::json &Events = arrayMember(Prof, "events");
      std::vector<std::pair<NodeId, FrameId>> Stack;
      double Last = numberMember(Prof, "startValue", 0.0);
      bool First = true;
      for (const nlohmann::json &E : Events) {
        FrameId F;
        std::string T = stringMember(E, "type", "");
        double At =
            numberMember(E, "at", std::numeric_limits<double>::quiet_NaN());
        // Times beyond 1e300 would overflow the totals.
        if ((T != "O" && T != "C") || !FrameAt(member(E, "frame"), F) ||
            !std::isfinite(At) || std::fabs(At) > 1e300) {
          P.stats().count(Severity::DataLoss, "malformed event");
          continue;
        }
        if (First) {
          Last = At;
          First = false;
        }
        if (At < Last) {
          P.stats().count(Severity::DataLoss, "events out of order");
          continue;
        }
        if (!Stack.empty())
          P.addSample(Stack.back().first, At - Last);
        Last = At;
        P.countEvents();
        if (T == "O") {
          NodeId Parent = Stack.empty() ? Profile::Root : Stack.back().first;
          Stack.emplace_back(P.internCallsite(Parent, F), F);
        } else if (Stack.empty() || Stack.back().second != F) {
          P.stats().count(Severity::Error, "close event without matching open");
        } else {
          Stack.pop_back();
        }
      }
      if (!Stack.empty())
        P.stats().count(Severity::DataLoss, "frames still open at the end", "",
                        Stack.size());
    } else {
      P.stats().count(Severity::DataLoss,
                      "profile of unknown type '" + Type + "' skipped");
    }
  }
  P.setUnit(Unit.empty() ? "count" : Unit);
  return llvm::Error::success();
}

} // namespace hotpath
