//===- FoldedImporter.cpp -------------------------------------------------===//
#include "traces/folded/FoldedImporter.h"

#include <cmath>

namespace hotpath {

namespace {

/// Splits "stack weight"; false when the line has no trailing number.
bool splitLine(llvm::StringRef Line, llvm::StringRef &Stack, double &Weight) {
  Line = Line.rtrim();
  size_t Space = Line.rfind(' ');
  if (Space == llvm::StringRef::npos || Space == 0)
    return false;
  llvm::StringRef Num = Line.substr(Space + 1);
  if (Num.empty() || Num.getAsDouble(Weight))
    return false;
  Stack = Line.substr(0, Space);
  return true;
}

Frame parseFrame(llvm::StringRef Text, unsigned &FirstLine) {
  FirstLine = 0;
  Frame F;
  // py-spy: "name (file:line)".
  if (Text.endswith(")")) {
    size_t Open = Text.rfind(" (");
    if (Open != llvm::StringRef::npos) {
      llvm::StringRef Loc = Text.substr(Open + 2).drop_back();
      size_t Colon = Loc.rfind(':');
      unsigned Line = 0;
      if (Colon != llvm::StringRef::npos &&
          !Loc.substr(Colon + 1).getAsInteger(10, Line)) {
        F.Name = Text.substr(0, Open).str();
        F.File = Loc.substr(0, Colon).str();
        F.Line = Line;
        return F;
      }
    }
  }
  // torch.profiler's export_stacks (PyTorch 1.x): "file.py(N):_name", the
  // space after the colon made an underscore, N the function's first line
  // (its `def`), not a line that ran: the function's FirstLine, never a
  // cost line.
  size_t Paren = Text.find(".py(");
  if (Paren != llvm::StringRef::npos) {
    llvm::StringRef Rest = Text.substr(Paren + 4);
    size_t Close = Rest.find("):");
    unsigned Line = 0;
    if (Close != llvm::StringRef::npos &&
        !Rest.substr(0, Close).getAsInteger(10, Line)) {
      llvm::StringRef Name = Rest.substr(Close + 2);
      if (Name.startswith("_") || Name.startswith(" "))
        Name = Name.drop_front();
      if (!Name.empty()) {
        F.Name = Name.str();
        F.File = Text.substr(0, Paren + 3).str();
        FirstLine = Line;
        return F;
      }
    }
  }
  // Its module calls: "nn.Module:_Linear_0", as Kineto names them
  // ("nn.Module: Linear_0").
  if (Text.startswith("nn.Module:_")) {
    F.Name = "nn.Module: " + Text.drop_front(11).str();
    return F;
  }
  F.Name = Text.str();
  return F;
}

} // namespace

bool FoldedImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  // Every complete line of the prefix is "stack number".
  unsigned Good = 0;
  while (!Prefix.empty()) {
    auto [Line, Rest] = Prefix.split('\n');
    if (Rest.empty() && !Prefix.endswith("\n"))
      break; // the prefix may cut the last line
    Prefix = Rest;
    if (Line.trim().empty())
      continue;
    llvm::StringRef Stack;
    double W;
    if (!splitLine(Line, Stack, W))
      return false;
    ++Good;
  }
  return Good > 0;
}

llvm::Error FoldedImporter::import(InputFile &In, Profile &P) const {
  P.setUnit("count");
  return forEachLine(In, P.stats(), [&](llvm::StringRef Line, uint64_t No) {
    if (Line.trim().empty())
      return;
    llvm::StringRef Stack;
    double Weight = 0;
    if (!splitLine(Line, Stack, Weight) || !std::isfinite(Weight) ||
        Weight < 0) {
      P.stats().count(Severity::DataLoss, "malformed line",
                      "line " + std::to_string(No));
      return;
    }
    NodeId Node = Profile::Root;
    while (!Stack.empty()) {
      auto [Name, Rest] = Stack.split(';');
      Stack = Rest;
      if (Name.empty())
        continue;
      unsigned FirstLine = 0;
      FrameId Id = P.internFrame(parseFrame(Name, FirstLine));
      if (FirstLine)
        P.setFirstLine(Id, FirstLine);
      Node = P.internCallsite(Node, Id);
    }
    P.addSample(Node, Weight);
    P.countEvents();
  });
}

} // namespace hotpath
