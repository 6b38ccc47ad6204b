//===- PyCallSites.cpp - What a function's call sites pass ----------------===//
//
// ModuleFacts::collectCallSiteKinds: an untyped parameter takes the kind
// every call site in the project passes, from this file's calls and from
// other files' (CallTable, gathered by PyFrontend); and what this file's
// calls of imported functions pass (ModuleFacts::outgoing). docs/python.md,
// "Call sites".
//
//===----------------------------------------------------------------------===//
#include "analyzer/python/PyFacts.h"

#include "llvm/ADT/STLExtras.h"

namespace hotpath::py {

void CallArgs::merge(const CallArgs &Other) {
  auto One = [](std::optional<Kind> &Into, const std::optional<Kind> &K) {
    if (K)
      mergeKind(Into, *K);
  };
  if (Positional.size() < Other.Positional.size())
    Positional.resize(Other.Positional.size());
  for (size_t I = 0; I < Other.Positional.size(); ++I)
    One(Positional[I], Other.Positional[I]);
  for (const auto &[Name, K] : Other.Keywords)
    One(Keywords[Name], K);
  Escaped = Escaped || Other.Escaped;
}

bool ModuleFacts::takesKindsFrom(const CallTable &In) const {
  auto Known = [](const std::optional<Kind> &K) {
    return K && *K != Kind::Unknown;
  };
  for (const auto &Entry : In) {
    // Named, not a structured binding: the lambda captures it (clang 14).
    const std::string &Name = Entry.first;
    const CallArgs &Args = Entry.second;
    bool Defined = llvm::any_of(Functions, [&](const Function &F) {
      return F.Name == Name && F.ClassName.empty() && !F.Def.is("module");
    });
    if (!Defined)
      continue;
    if (CallSiteKinds.count(Name))
      return true;
    if (!Args.Escaped && (llvm::any_of(Args.Positional, Known) ||
                          llvm::any_of(Args.Keywords, [&](const auto &KV) {
                            return Known(KV.second);
                          })))
      return true;
  }
  return false;
}

void ModuleFacts::collectCallSiteKinds() {
  // The functions a call can name: free functions by name, methods by
  // "Class.method" (called as self.method); a name defined twice is left.
  std::map<std::string, const Function *> Targets;
  std::set<std::string> Twice;
  for (const Function &F : Functions)
    if (!F.Def.is("module") && !Targets.emplace(F.Name, &F).second)
      Twice.insert(F.Name);
  for (const std::string &Name : Twice)
    Targets.erase(Name);
  // What one call site passes, in `G`'s kinds.
  auto ArgsOf = [&](Node Call, const Function &G) {
    CallArgs Out;
    for (Node A = Call.field("arguments").firstNamedChild(); A;
         A = A.nextNamedSibling()) {
      if (A.is("list_splat") || A.is("dictionary_splat")) {
        Out.Escaped = true; // `f(*args)`: positions unknown
        break;
      }
      if (A.is("keyword_argument"))
        mergeKind(Out.Keywords[A.field("name").text().str()],
                  kindOf(A.field("value"), G, 1));
      else
        Out.Positional.push_back(kindOf(A, G, 1));
    }
    return Out;
  };
  // A function used other than by a call (a callback, a decorator, an
  // export) has call sites the file does not show.
  std::map<std::string, CallArgs> Seen;
  for (const Function &G : Functions)
    walkOwnCode(G, [&](Node N) {
      std::string Target;
      bool Id = N.is("identifier");
      if (Id)
        Target = N.text().str();
      else if (N.is("attribute") && N.field("object").text() == "self" &&
               !G.ClassName.empty())
        Target = G.ClassName + "." + N.field("attribute").text().str();
      auto It = Target.empty() ? Targets.end() : Targets.find(Target);
      Node Call = N.parent();
      bool Called = Call.is("call") && Call.field("function") == N;
      if (It == Targets.end()) {
        // A function of another file, reached through an import.
        // Not the names of an import, an attribute's name (`x.score`) or a
        // keyword (`f(score=1)`): those are no uses of an imported name.
        Node Up = N.parent();
        bool Use = !Up.is("import_statement") &&
                   !Up.is("import_from_statement") &&
                   !Up.is("aliased_import") && !Up.is("dotted_name") &&
                   !(Up.is("attribute") && Up.field("attribute") == N) &&
                   !(Up.is("keyword_argument") && Up.field("name") == N);
        if ((Id || N.is("attribute")) && Use) {
          std::string Remote = Imports.moduleAndName(N);
          if (!Remote.empty()) {
            CallArgs Site;
            if (Called)
              Site = ArgsOf(Call, G);
            else
              Site.Escaped = true;
            Outgoing[Remote].merge(Site);
          }
        }
        return true;
      }
      CallArgs &Slots = Seen[Target];
      if (!Called) {
        Slots.Escaped = true;
        return true;
      }
      Slots.merge(ArgsOf(Call, G));
      return true;
    });
  // Call sites in other files (free functions only: a method is not
  // reached through an import by name).
  if (Incoming)
    for (const auto &[Name, Args] : *Incoming)
      if (auto It = Targets.find(Name);
          It != Targets.end() && It->second->ClassName.empty())
        Seen[Name].merge(Args);
  for (auto &[Target, Args] : Seen) {
    if (Args.Escaped)
      continue;
    const Function &Def = *Targets.at(Target);
    // Parameters in order (a method's self is not passed).
    std::vector<std::string> Params;
    bool Star = false;
    for (Node P : Def.Def.field("parameters").namedChildren()) {
      std::string Name = P.is("identifier")    ? P.text().str()
                         : P.field("name")     ? P.field("name").text().str()
                         : P.namedChildCount() ? P.namedChild(0).text().str()
                                               : std::string();
      if (P.is("list_splat_pattern") || P.is("dictionary_splat_pattern") ||
          P.is("keyword_separator") || P.is("positional_separator"))
        Star = true;
      if (!Star && !Name.empty())
        Params.push_back(Name);
    }
    if (!Def.ClassName.empty() && !Params.empty())
      Params.erase(Params.begin());
    std::map<std::string, std::optional<Kind>> Slots;
    for (const auto &[Name, K] : Args.Keywords)
      if (K)
        mergeKind(Slots[Name], *K);
    for (size_t I = 0; I < Args.Positional.size() && I < Params.size(); ++I)
      if (Args.Positional[I])
        mergeKind(Slots[Params[I]], *Args.Positional[I]);
    for (auto &[Param, K] : Slots)
      if (K && *K != Kind::Unknown)
        CallSiteKinds[Target][Param] = *K;
  }
}

} // namespace hotpath::py
