//===- PyContext.cpp ------------------------------------------------------===//
#include "analyzer/python/PyContext.h"

namespace hotpath::py {

PyHandler::~PyHandler() = default;

std::string PyContext::loopPhrase(const Loop &L) {
  llvm::StringRef T = L.At.type();
  std::string What = T == "for_statement"          ? "for loop"
                     : T == "while_statement"      ? "while loop"
                     : T == "generator_expression" ? "generator expression"
                     : T == "list_comprehension"   ? "list comprehension"
                     : T == "set_comprehension"    ? "set comprehension"
                                                   : "dict comprehension";
  return What + " at line " + std::to_string(L.At.line());
}

std::string PyContext::snippet(Node N) {
  std::string Out;
  bool Space = false;
  for (char C : N.text()) {
    bool White = C == ' ' || C == '\n' || C == '\t' || C == '\r';
    if (White) {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  if (Out.size() > 80) {
    // Cut before a UTF-8 continuation byte, never inside a character.
    size_t Cut = 77;
    while (Cut && (static_cast<unsigned char>(Out[Cut]) & 0xC0) == 0x80)
      --Cut;
    Out = Out.substr(0, Cut) + "…";
  }
  return Out;
}

Finding PyContext::makeFinding(llvm::StringRef RuleId, Category Cat, Node At,
                               const Function &F, const Loop *L) const {
  Finding Out;
  Out.RuleId = RuleId.str();
  Out.Cat = Cat;
  Out.Location.File = File;
  Out.Location.Line = At.line();
  Out.Location.Column = At.column();
  if (L)
    Out.Loop = {L->At.line(), L->At.endLine()};
  Out.Call = {At.line(), std::max(At.line(), At.endLine())};
  Out.Function = F.Name;
  // Code for a human reader: a __repr__ and its kin, or a loop that prints
  // every iteration (docs/ranking.md, "Code roles").
  llvm::StringRef Method = llvm::StringRef(F.Name).rsplit('.').second;
  if (Method.empty())
    Method = F.Name;
  Out.Diagnostic = Method == "__repr__" || Method == "__str__" ||
                   Method == "extra_repr" || Method == "__format__";
  for (const Loop *X = L; X && !Out.Diagnostic;
       X = X->Parent < 0 ? nullptr : &F.Loops[X->Parent])
    Out.Diagnostic = X->Prints;
  // The whole source line, for the line hash.
  const std::string &Src = Facts.tree().source();
  size_t Begin = Src.rfind('\n', At.startByte() ? At.startByte() - 1 : 0);
  Begin = Begin == std::string::npos || At.startByte() == 0 ? 0 : Begin + 1;
  size_t End = Src.find('\n', At.startByte());
  Out.LineHash = lineHash(
      Src.substr(Begin, (End == std::string::npos ? Src.size() : End) - Begin));
  return Out;
}

} // namespace hotpath::py
