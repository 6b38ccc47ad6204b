//===- Suppressions.cpp ---------------------------------------------------===//
#include "analyzer/Suppressions.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/GlobPattern.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <optional>

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

/// The `# noqa` marker of one Python line (flake8's and Ruff's
/// convention): bare, every rule; `# noqa: a, b c`, the listed rules. The
/// codes are read up to the first word that is not one (a comment after
/// them); codes of other linters (`F401`) match no rule of hotpath.
std::optional<Comment> noqa(llvm::StringRef Line) {
  for (size_t Hash = Line.find('#'); Hash != llvm::StringRef::npos;
       Hash = Line.find('#', Hash + 1)) {
    llvm::StringRef Rest = Line.substr(Hash + 1).ltrim(" \t");
    if (!Rest.startswith_insensitive("noqa"))
      continue;
    llvm::StringRef After = Rest.substr(4);
    // `# noqa:` followed by codes; `# noqanything` is not the marker.
    if (!After.empty() && After[0] != ':' && !llvm::isSpace(After[0]))
      continue;
    Comment C{Kind::Line, {}, "noqa"};
    if (!After.startswith(":"))
      return C;
    After = After.substr(1);
    auto IsCode = [](char Ch) {
      return llvm::isAlnum(Ch) || Ch == '-' || Ch == '_' || Ch == '*' ||
             Ch == '?';
    };
    while (true) {
      After = After.ltrim(" \t,");
      size_t Len = 0;
      while (Len < After.size() && IsCode(After[Len]))
        ++Len;
      llvm::StringRef Word = After.take_front(Len);
      // A rule id has a '-' (or is a glob); `F401` is another linter's
      // code. Any other word starts a comment.
      bool OtherLinter = llvm::all_of(Word, [](char Ch) {
        return llvm::isDigit(Ch) || (Ch >= 'A' && Ch <= 'Z');
      });
      if (!Len || (!OtherLinter && !Word.contains('-') && !Word.contains('*') &&
                   !Word.contains('?')))
        break;
      C.Globs.push_back(Word.str());
      After = After.drop_front(Len);
    }
    // `# noqa:` with no code reads as bare (Ruff warns and does the same).
    return C;
  }
  return std::nullopt;
}

} // namespace

Suppressions::Suppressions(llvm::StringRef Text, bool Python) {
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Text.split(Lines, '\n');
  struct Open {
    unsigned Line;
    Comment C;
  };
  std::vector<Open> Stack;
  for (unsigned I = 0; I < Lines.size(); ++I) {
    unsigned LineNo = I + 1;
    std::vector<Comment> Found = markers(Lines[I]);
    if (Python)
      if (std::optional<Comment> C = noqa(Lines[I]))
        Found.push_back(std::move(*C));
    for (Comment &C : Found) {
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
