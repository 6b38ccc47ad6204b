//===- PyFacts.cpp --------------------------------------------------------===//
#include "analyzer/python/PyFacts.h"

#include "llvm/ADT/STLExtras.h"

namespace hotpath::py {

namespace {

bool isFunctionLike(llvm::StringRef Type) {
  return Type == "function_definition" || Type == "lambda" ||
         Type == "class_definition";
}

} // namespace

void boundNames(Node Target, std::vector<std::string> &Out) {
  walk(Target, [&](Node N) {
    if (N.is("identifier")) {
      Out.push_back(N.text().str());
      return false;
    }
    // `a.b = …` and `a[i] = …` bind no name.
    return !N.is("attribute") && !N.is("subscript");
  });
}

std::optional<long long> intLiteral(Node E) {
  if (E.is("integer")) {
    long long V = 0;
    if (!E.text().getAsInteger(0, V))
      return V;
    return std::nullopt;
  }
  // One sign, not a chain of them.
  Node A = E.field("argument");
  long long V = 0;
  if (E.is("unary_operator") && E.text().startswith("-") && A.is("integer") &&
      !A.text().getAsInteger(0, V))
    return -V;
  return std::nullopt;
}

Kind mergeKind(std::optional<Kind> &Seen, Kind K) {
  if (!Seen)
    Seen = K;
  else if (*Seen != K)
    Seen = Kind::Unknown;
  return *Seen;
}

std::vector<Node> positionalArgs(Node Call) {
  std::vector<Node> Out;
  for (Node A : Call.field("arguments").namedChildren())
    if (!A.is("keyword_argument") && !A.is("comment") && !A.is("list_splat") &&
        !A.is("dictionary_splat"))
      Out.push_back(A);
  return Out;
}

bool isScope(llvm::StringRef Type) { return isFunctionLike(Type); }

bool isComprehension(llvm::StringRef Type) {
  return Type == "list_comprehension" || Type == "set_comprehension" ||
         Type == "dictionary_comprehension" || Type == "generator_expression";
}

Node parameterName(Node P) {
  if (P.is("identifier"))
    return P;
  if (P.is("typed_parameter"))
    return P.namedChild(0);
  if (P.is("typed_default_parameter") || P.is("default_parameter"))
    return P.field("name");
  return Node();
}

// --- Module facts ----------------------------------------------------------

ModuleFacts::ModuleFacts(const Tree &T, const ProjectClasses &Classes)
    : ModuleFacts(T, Classes, ImportTable(T)) {}

ModuleFacts::ModuleFacts(const Tree &T, const ProjectClasses &Classes,
                         ImportTable Imports, const CallTable *Incoming)
    : T(T), Classes(Classes), Incoming(Incoming), Imports(std::move(Imports)) {
  collectFunctions();
}

bool ModuleFacts::isModuleClass(const std::string &Name) const {
  auto [It, New] = ClassAnswers.emplace(Name, false);
  if (New)
    It->second = Classes.isModule(Name);
  return It->second;
}

std::string ModuleFacts::callee(Node Call) const {
  Node Fn = Call.field("function");
  if (Fn.is("attribute")) {
    Node Obj = Fn.field("object");
    // A method on a value (`model.forward`, `index.search`) is named by the
    // method alone; on an imported module, by its qualified name.
    std::string Root = Obj.text().split('.').first.str();
    if (Obj.is("identifier") || Obj.is("attribute"))
      if (Imports.imports(Root))
        return qualify(Fn);
    return "." + Fn.field("attribute").text().str();
  }
  return qualify(Fn);
}

void ModuleFacts::collectFunctions() {
  Function Top;
  Top.Def = T.root();
  Top.Name = "<module>";
  Functions.push_back(std::move(Top));
  // Definitions, with their enclosing class (an index into ClassNames:
  // the walk copies no strings).
  std::vector<std::string> ClassNames = {""};
  std::vector<std::pair<Node, size_t>> Work = {{T.root(), 0}};
  while (!Work.empty()) {
    auto [N, Class] = Work.back();
    Work.pop_back();
    for (Node C = N.firstNamedChild(); C; C = C.nextNamedSibling()) {
      llvm::StringRef Type = C.type();
      if (Type == "function_definition") {
        Function F;
        F.Def = C;
        F.ClassName = ClassNames[Class];
        F.Name = (F.ClassName.empty() ? "" : F.ClassName + ".") +
                 C.field("name").text().str();
        Functions.push_back(std::move(F));
        Work.push_back({C, Class});
      } else if (Type == "class_definition") {
        ClassNames.push_back(C.field("name").text().str());
        Work.push_back({C, ClassNames.size() - 1});
      } else if (Type != "lambda" && C.firstNamedChild()) {
        Work.push_back({C, Class});
      }
    }
  }
  std::sort(Functions.begin() + 1, Functions.end(),
            [](const Function &A, const Function &B) {
              return A.Def.startByte() < B.Def.startByte();
            });
  for (Function &F : Functions)
    collectBindings(F);
  // Kinds: globals first (functions read them), then `self.x` attributes
  // from every method, then each function's locals.
  collectKinds(Functions.front());
  Globals = Functions.front().Kinds;
  for (size_t I = 1; I < Functions.size(); ++I)
    collectKinds(Functions[I]);
  // A second pass: locals bound from attributes or globals now known.
  for (size_t I = 0; I < Functions.size(); ++I) {
    Functions[I].Kinds.clear();
    collectKinds(Functions[I]);
    if (I == 0)
      Globals = Functions.front().Kinds;
  }
  // A third: parameters without an annotation take the kind every call
  // site in the file passes (a model handed to a helper untyped).
  collectCallSiteKinds();
  if (!CallSiteKinds.empty())
    for (size_t I = 0; I < Functions.size(); ++I) {
      Functions[I].Kinds.clear();
      collectKinds(Functions[I]);
      if (I == 0)
        Globals = Functions.front().Kinds;
    }
  for (Function &F : Functions)
    collectLoops(F);
}

void ModuleFacts::collectKinds(Function &F) {
  std::map<std::string, std::optional<Kind>> Seen;
  std::map<std::string, std::optional<Kind>> SeenAttr;
  auto Bind = [&](const std::string &Name, Kind K) {
    F.Locals.insert(Name);
    mergeKind(Seen[Name], K);
  };
  // Parameters: annotations and defaults.
  if (F.Def.is("function_definition"))
    for (Node P : F.Def.field("parameters").namedChildren()) {
      Node Id = parameterName(P);
      std::string Name = Id ? Id.text().str() : "";
      Node Type = P.field("type");
      if (Name.empty() || Name == "self" || Name == "cls")
        continue;
      Kind K = Kind::Unknown;
      // Untyped: what every call site in the file passes, if they agree.
      if (!Type && !P.is("default_parameter")) {
        auto Site = CallSiteKinds.find(F.Name);
        if (Site != CallSiteKinds.end()) {
          auto It = Site->second.find(Name);
          if (It != Site->second.end())
            K = It->second;
        }
      }
      if (Type) {
        std::string Q = qualify(Type.namedChild(0));
        llvm::StringRef S(Q);
        if (isModuleClass(Q) || S.endswith("nn.Module"))
          K = Kind::Model;
        else if (S.startswith("faiss.Index"))
          K = Kind::FaissIndex;
        else if (S.endswith("DataLoader"))
          K = Kind::DataLoader;
        else if (S == "torch.Tensor" || S == "Tensor")
          K = Kind::Tensor;
        else if (S == "str")
          K = Kind::Str;
        else if (S == "list" || S.startswith("List"))
          K = Kind::List;
      }
      Bind(Name, K);
    }
  for (Node N : F.Bindings) {
    if (N.is("assignment")) {
      Node Left = N.field("left"), Right = N.field("right");
      if (Left.is("identifier")) {
        // `s = s + x` keeps what `s` holds: not a disagreeing binding.
        bool SelfUpdate =
            Right && reads(Right, std::set<std::string>{Left.text().str()});
        Kind K = Right ? kindOf(Right, F, 1) : Kind::Unknown;
        if (!Right && N.field("type"))
          K = kindOf(N.field("type"), F, 1);
        if (!SelfUpdate || K != Kind::Unknown)
          Bind(Left.text().str(), K);
        else
          F.Locals.insert(Left.text().str());
      } else if (Left.is("attribute") &&
                 Left.field("object").text() == "self" &&
                 !F.ClassName.empty()) {
        mergeKind(
            SeenAttr[F.ClassName + "." + Left.field("attribute").text().str()],
            Right ? kindOf(Right, F, 1) : Kind::Unknown);
      } else {
        std::vector<std::string> Names;
        boundNames(Left, Names);
        for (const std::string &Name : Names)
          Bind(Name, Kind::Unknown);
      }
      continue;
    }
    if (N.is("augmented_assignment")) {
      // `s += x` keeps the kind; it still makes the name a local.
      Node Left = N.field("left");
      if (Left.is("identifier"))
        F.Locals.insert(Left.text().str());
      continue;
    }
    if (N.is("for_statement") || N.is("for_in_clause")) {
      std::vector<std::string> Names;
      boundNames(N.field("left"), Names);
      for (const std::string &Name : Names)
        Bind(Name, Kind::Unknown);
      continue;
    }
    if (N.is("as_pattern")) {
      std::vector<std::string> Names;
      boundNames(N.field("alias"), Names);
      for (const std::string &Name : Names)
        Bind(Name, Kind::Unknown);
    }
  }
  for (auto &[Name, K] : Seen)
    F.Kinds[Name] = K.value_or(Kind::Unknown);
  for (auto &[Name, K] : SeenAttr) {
    auto [It, New] = Attributes.emplace(Name, K.value_or(Kind::Unknown));
    if (!New && It->second != K.value_or(Kind::Unknown))
      It->second = Kind::Unknown;
  }
}

void ModuleFacts::collectBindings(Function &F) {
  // `@torch.no_grad()` / `@torch.inference_mode()` cover the whole function.
  if (F.Def.is("function_definition")) {
    Node Dec = F.Def.parent();
    if (Dec.is("decorated_definition"))
      for (Node D : Dec.namedChildren())
        if (D.is("decorator")) {
          llvm::StringRef Text = D.text();
          if (Text.contains("no_grad") || Text.contains("inference_mode"))
            F.NoGrad.push_back({F.Def.startByte(), F.Def.endByte()});
        }
  }
  walkOwnCode(F, [&](Node N) {
    llvm::StringRef Type = N.type();
    if (Type == "assignment" || Type == "augmented_assignment" ||
        Type == "for_statement" || Type == "for_in_clause" ||
        Type == "as_pattern")
      F.Bindings.push_back(N);
    else if (Type == "call")
      F.Calls.push_back(N);
    // `with torch.no_grad():` (the grammar's with_clause is a child of
    // with_statement, not a field).
    if (Type == "with_statement")
      for (Node Clause : N.namedChildren())
        if (Clause.is("with_clause"))
          for (Node Item : Clause.namedChildren()) {
            llvm::StringRef Text = Item.text();
            if (Text.contains("no_grad") || Text.contains("inference_mode"))
              F.NoGrad.push_back({N.startByte(), N.endByte()});
          }
    return true;
  });
}

void ModuleFacts::collectLoops(Function &F) {
  // Names that hold pieces of text: every binding is `.split()`, lines of
  // a file, or a `List[str]` annotation.
  std::map<std::string, bool> Text;
  walkOwnCode(F, [&](Node N) {
    if (N.is("assignment") && N.field("left").is("identifier")) {
      std::string C = N.field("right").is("call") ? callee(N.field("right"))
                                                  : std::string();
      bool IsText = C == ".split" || C == ".splitlines" || C == ".readlines" ||
                    N.field("type").text().contains_insensitive("list[str]");
      auto [It, New] = Text.emplace(N.field("left").text().str(), IsText);
      if (!New)
        It->second = It->second && IsText;
    }
    return true;
  });
  if (F.Def.is("function_definition"))
    for (Node P : F.Def.field("parameters").namedChildren())
      if ((P.is("typed_parameter") || P.is("typed_default_parameter")) &&
          P.field("type").text().contains_insensitive("list[str]"))
        Text[parameterName(P).text().str()] = true;
  std::set<std::string> TextNames;
  for (const auto &[Name, IsText] : Text)
    if (IsText)
      TextNames.insert(Name);
  std::vector<Node> LoopNodes;
  walkOwnCode(F, [&](Node N) {
    if (N.is("for_statement") || N.is("while_statement") ||
        isComprehension(N.type()))
      LoopNodes.push_back(N);
    return true;
  });
  for (Node N : LoopNodes) {
    Loop L;
    L.At = N;
    L.Comprehension = isComprehension(N.type());
    if (L.Comprehension) {
      L.Body = N.field("body");
      for (Node C : N.namedChildren())
        if (C.is("for_in_clause")) {
          if (!L.Iterable)
            L.Iterable = C.field("right");
          boundNames(C.field("left"), L.Elements);
        }
    } else {
      L.Body = N.field("body");
      if (N.is("for_statement")) {
        L.Iterable = N.field("right");
        boundNames(N.field("left"), L.Elements);
      }
    }
    L.Written.insert(L.Elements.begin(), L.Elements.end());
    walk(N, [&](Node X) {
      if (X != N && isScope(X.type()))
        return false;
      if (X.is("assignment") || X.is("augmented_assignment")) {
        std::vector<std::string> Names;
        boundNames(X.field("left"), Names);
        L.Written.insert(Names.begin(), Names.end());
      } else if (X.is("as_pattern") || X.is("named_expression")) {
        // `with open(p) as f:`, `except E as e:`, `(n := len(x))`.
        std::vector<std::string> Names;
        boundNames(X.is("as_pattern") ? X.field("alias") : X.field("name"),
                   Names);
        L.Written.insert(Names.begin(), Names.end());
      } else if ((X.is("for_statement") || X.is("for_in_clause")) && X != N) {
        std::vector<std::string> Names;
        boundNames(X.field("left"), Names);
        L.Written.insert(Names.begin(), Names.end());
      }
      return true;
    });
    // What the loop iterates. Wrappers that keep the items: enumerate,
    // tqdm, zip (any zipped batch source makes batches), reversed, sorted.
    Node It = L.Iterable;
    std::vector<Node> Sources = {It};
    while (!Sources.empty()) {
      Node S = Sources.back();
      Sources.pop_back();
      if (S.is("call")) {
        std::string C = callee(S);
        llvm::StringRef Simple = llvm::StringRef(C).rsplit('.').second;
        if (Simple.empty())
          Simple = C;
        std::vector<Node> Args = positionalArgs(S);
        if (C == "range") {
          if (Args.size() == 3) {
            std::optional<long long> Step = intLiteral(Args[2]);
            L.Batches |= !Step || (*Step != 1 && *Step != -1);
            L.Items |= Step && (*Step == 1 || *Step == -1);
          } else {
            L.Items = true;
          }
          if (!L.Elements.empty() && N.is("for_statement") &&
              N.field("left").is("identifier"))
            L.Index = L.Elements.front();
          continue;
        }
        if (C == "enumerate" || Simple == "tqdm" || C == "zip" ||
            C == "reversed" || C == "sorted" || C == "list") {
          for (Node A : Args)
            Sources.push_back(A);
          continue;
        }
        if (llvm::StringRef(C).endswith("DataLoader")) {
          L.Batches = true;
          continue;
        }
      }
      if (S.is("call")) {
        std::string C = callee(S);
        if (C == ".split" || C == ".splitlines" || C == ".readlines" ||
            C == "open")
          L.TextItems = L.Items = true;
      }
      if (S.is("identifier") && TextNames.count(S.text().str()))
        L.TextItems = L.Items = true;
      if (S.is("identifier") || S.is("attribute")) {
        Kind K = kindOf(S, F);
        L.Batches |= K == Kind::DataLoader;
        L.Items |= K == Kind::List || K == Kind::Tensor || K == Kind::Array ||
                   K == Kind::Tuple;
      }
      if (S.is("list") || S.is("tuple") || S.is("list_comprehension"))
        L.Items = true;
    }
    if (L.Batches)
      L.Items = false;
    if (It.is("list") || It.is("tuple") || It.is("set") ||
        It.is("expression_list"))
      L.ShortTrip = It.namedChildCount() <= 8;
    if (It.is("call") && callee(It) == "range") {
      std::vector<Node> Args = positionalArgs(It);
      std::optional<long long> Stop =
          Args.size() == 1 ? intLiteral(Args[0]) : std::nullopt;
      L.ShortTrip = Stop && *Stop <= 8;
    }
    // A print outside any branch of the body.
    walk(L.Body, [&](Node X) {
      if (isScope(X.type()) || X.is("if_statement") || X.is("try_statement") ||
          X.is("conditional_expression"))
        return false;
      if (X.is("call") && X.field("function").text() == "print")
        L.Prints = true;
      return !L.Prints;
    });
    F.Loops.push_back(std::move(L));
  }
  // Parents: the innermost enclosing loop.
  for (size_t I = 0; I < F.Loops.size(); ++I)
    for (size_t J = 0; J < F.Loops.size(); ++J)
      if (I != J && F.Loops[J].At.encloses(F.Loops[I].At) &&
          (F.Loops[I].Parent < 0 ||
           F.Loops[F.Loops[I].Parent].At.encloses(F.Loops[J].At)))
        F.Loops[I].Parent = static_cast<int>(J);
}

int ModuleFacts::loopOf(const Function &F, Node N) const {
  int Best = -1;
  for (size_t I = 0; I < F.Loops.size(); ++I) {
    const Loop &L = F.Loops[I];
    // Inside the body (or a comprehension's element and conditions), not
    // the iterable of the outermost `for`, which is evaluated once.
    bool In = L.At.encloses(N) &&
              !(L.Iterable && L.Iterable.encloses(N) && !L.Comprehension);
    if (L.Comprehension && L.Iterable && L.Iterable.encloses(N))
      In = false;
    if (In && (Best < 0 || F.Loops[Best].At.encloses(L.At)))
      Best = static_cast<int>(I);
  }
  return Best;
}

bool ModuleFacts::reads(Node E, const std::set<std::string> &Names) {
  bool Found = false;
  walk(E, [&](Node N) {
    if (Found)
      return false;
    if (N.is("identifier") && Names.count(N.text().str())) {
      // `x.attr`'s attribute name is not a read of a variable `attr`.
      Node P = N.parent();
      if (!(P.is("attribute") && P.field("attribute") == N) &&
          !(P.is("keyword_argument") && P.field("name") == N))
        Found = true;
    }
    return !isScope(N.type()) || N == E;
  });
  return Found;
}

bool ModuleFacts::reads(Node E, const std::vector<std::string> &Names) {
  return reads(E, std::set<std::string>(Names.begin(), Names.end()));
}

bool ModuleFacts::onErrorPath(Node N, const Loop &L) {
  for (Node P = N.parent(); P && P != L.At; P = P.parent()) {
    if (P.is("except_clause"))
      return true;
    if (P.is("block")) {
      std::vector<Node> Stmts = P.namedChildren();
      if (!Stmts.empty() && Stmts.back().is("raise_statement"))
        return true;
    }
  }
  return false;
}

bool ModuleFacts::noGrad(const Function &F, Node N) const {
  return llvm::any_of(F.NoGrad, [&](const std::pair<uint32_t, uint32_t> &R) {
    return R.first <= N.startByte() && N.endByte() <= R.second;
  });
}

} // namespace hotpath::py
