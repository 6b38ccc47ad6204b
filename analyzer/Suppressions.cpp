//===- Suppressions.cpp ---------------------------------------------------===//
#include "analyzer/Suppressions.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/GlobPattern.h"

#include <algorithm>

namespace hotpath {

namespace {

enum class Kind { Line, NextLine, Begin, End };

struct Comment {
  Kind K;
  std::vector<std::string> Globs;
  std::string Spelling; ///< "NOLINTBEGIN(micro-*)", for messages
};

/// The NOLINT markers of one line, in order.
std::vector<Comment> markers(llvm::StringRef Line) {
  std::vector<Comment> Out;
  size_t At = 0;
  while ((At = Line.find("NOLINT", At)) != llvm::StringRef::npos) {
    llvm::StringRef Rest = Line.substr(At + 6);
    Comment C{Kind::Line, {}, ""};
    size_t Len = 6;
    if (Rest.startswith("NEXTLINE")) {
      C.K = Kind::NextLine;
      Len += 8;
    } else if (Rest.startswith("BEGIN")) {
      C.K = Kind::Begin;
      Len += 5;
    } else if (Rest.startswith("END")) {
      C.K = Kind::End;
      Len += 3;
    }
    llvm::StringRef After = Line.substr(At + Len);
    if (After.startswith("(")) {
      size_t Close = After.find(')');
      if (Close != llvm::StringRef::npos) {
        llvm::SmallVector<llvm::StringRef, 4> Parts;
        After.substr(1, Close - 1).split(Parts, ',', -1, false);
        for (llvm::StringRef P : Parts)
          if (!P.trim().empty())
            C.Globs.push_back(P.trim().str());
        Len += Close + 1;
      }
    }
    C.Spelling = Line.substr(At, Len).str();
    Out.push_back(std::move(C));
    At += Len;
  }
  return Out;
}

} // namespace

Suppressions::Suppressions(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Text.split(Lines, '\n');
  struct Open {
    unsigned Line;
    Comment C;
  };
  std::vector<Open> Stack;
  for (unsigned I = 0; I < Lines.size(); ++I) {
    unsigned LineNo = I + 1;
    for (Comment &C : markers(Lines[I])) {
      switch (C.K) {
      case Kind::Line:
        Regions.push_back({LineNo, LineNo, C.Globs});
        break;
      case Kind::NextLine:
        Regions.push_back({LineNo + 1, LineNo + 1, C.Globs});
        break;
      case Kind::Begin:
        Stack.push_back({LineNo, std::move(C)});
        break;
      case Kind::End: {
        auto Match =
            std::find_if(Stack.rbegin(), Stack.rend(),
                         [&](const Open &O) { return O.C.Globs == C.Globs; });
        if (Match == Stack.rend()) {
          Problems.push_back(
              {LineNo, "unmatched '" + C.Spelling +
                           "' comment without a previous 'NOLINTBEGIN' "
                           "comment with the same rules"});
          break;
        }
        Regions.push_back({Match->Line, LineNo, Match->C.Globs});
        Stack.erase(std::next(Match).base());
        break;
      }
      }
    }
  }
  for (const Open &O : Stack)
    Problems.push_back({O.Line, "unmatched '" + O.C.Spelling +
                                    "' comment without a subsequent "
                                    "'NOLINTEND' comment"});
  std::sort(Problems.begin(), Problems.end(),
            [](const Problem &A, const Problem &B) { return A.Line < B.Line; });
}

bool Suppressions::suppresses(unsigned Line, llvm::StringRef RuleId) const {
  for (const Region &R : Regions) {
    if (Line < R.Begin || Line > R.End)
      continue;
    if (R.Globs.empty())
      return true;
    for (const std::string &G : R.Globs) {
      llvm::Expected<llvm::GlobPattern> Pat = llvm::GlobPattern::create(G);
      if (!Pat) {
        llvm::consumeError(Pat.takeError());
        continue;
      }
      if (Pat->match(RuleId))
        return true;
    }
  }
  return false;
}

} // namespace hotpath
