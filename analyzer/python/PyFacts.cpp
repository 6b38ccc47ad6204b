//===- PyFacts.cpp --------------------------------------------------------===//
#include "analyzer/python/PyFacts.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace hotpath::py {

namespace {

/// Past this depth an expression's kind is Unknown (a chain of bindings
/// that refer to each other).
constexpr int MaxKindDepth = 8;

/// The names a target pattern binds (`i, (x, y)`, `*rest`, `a[i]` binds
/// nothing new).
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

bool isFunctionLike(llvm::StringRef Type) {
  return Type == "function_definition" || Type == "lambda" ||
         Type == "class_definition";
}

Kind merge(std::optional<Kind> &Seen, Kind K) {
  if (!Seen)
    Seen = K;
  else if (*Seen != K)
    Seen = Kind::Unknown;
  return *Seen;
}

/// The value of an integer literal (`1`, `-1`), if it is one.
std::optional<long long> intValue(Node E) {
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

/// The positional arguments of a call.
std::vector<Node> positional(Node Call) {
  std::vector<Node> Out;
  for (Node A : Call.field("arguments").namedChildren())
    if (!A.is("keyword_argument") && !A.is("comment") && !A.is("list_splat") &&
        !A.is("dictionary_splat"))
      Out.push_back(A);
  return Out;
}

} // namespace

const char *kindName(Kind K) {
  switch (K) {
  case Kind::Unknown:
    return "unknown";
  case Kind::Model:
    return "model";
  case Kind::Loaded:
    return "loaded";
  case Kind::FaissIndex:
    return "faiss-index";
  case Kind::DataLoader:
    return "dataloader";
  case Kind::Tensor:
    return "tensor";
  case Kind::Array:
    return "array";
  case Kind::List:
    return "list";
  case Kind::Tuple:
    return "tuple";
  case Kind::Set:
    return "set";
  case Kind::Dict:
    return "dict";
  case Kind::Str:
    return "str";
  case Kind::Number:
    return "number";
  }
  return "unknown";
}

bool isScope(llvm::StringRef Type) { return isFunctionLike(Type); }

bool isComprehension(llvm::StringRef Type) {
  return Type == "list_comprehension" || Type == "set_comprehension" ||
         Type == "dictionary_comprehension" || Type == "generator_expression";
}

// --- Project classes -------------------------------------------------------

void ProjectClasses::add(const Tree &T) {
  ImportTable Imports(T);
  walk(T.root(), [&](Node N) {
    if (N.is("class_definition")) {
      std::vector<std::string> Bases;
      for (Node B : N.field("superclasses").namedChildren())
        if (!B.is("keyword_argument"))
          Bases.push_back(Imports.qualify(B));
      this->Bases[N.field("name").text().str()].push_back(Bases);
    }
    return !N.is("function_definition");
  });
}

namespace {

bool isModuleBase(llvm::StringRef C) {
  return C == "torch.nn.Module" || C == "nn.Module" ||
         C == "torch.nn.modules.module.Module" || C == "pl.LightningModule" ||
         C == "pytorch_lightning.LightningModule" ||
         C == "lightning.LightningModule" || C == "torch.jit.ScriptModule";
}

/// Whether `Name` is a module class; `Visiting` holds the simple names on
/// the current path (a class deriving from a class of the same name, or a
/// cycle, ends there: false).
bool isModuleClass(
    const std::map<std::string, std::vector<std::vector<std::string>>> &Bases,
    const std::string &Name, std::set<std::string> &Visiting,
    std::map<std::string, bool> &Memo, int Depth) {
  if (isModuleBase(Name))
    return true;
  llvm::StringRef Simple = llvm::StringRef(Name).rsplit('.').second;
  if (Simple.empty())
    Simple = Name;
  if (auto Known = Memo.find(Simple.str()); Known != Memo.end())
    return Known->second;
  auto It = Bases.find(Simple.str());
  if (It == Bases.end() || Depth > 64 || !Visiting.insert(Simple.str()).second)
    return false;
  // Several project classes of this name: a module only if all are.
  bool All = true;
  for (const std::vector<std::string> &Def : It->second) {
    bool Any = false;
    for (const std::string &B : Def)
      Any = Any || isModuleClass(Bases, B, Visiting, Memo, Depth + 1);
    All = All && Any;
  }
  Visiting.erase(Simple.str());
  Memo[Simple.str()] = All;
  return All;
}

} // namespace

bool ProjectClasses::isModule(const std::string &Name) const {
  std::set<std::string> Visiting;
  std::map<std::string, bool> Memo;
  return isModuleClass(Bases, Name, Visiting, Memo, 0);
}

// --- Module facts ----------------------------------------------------------

ModuleFacts::ModuleFacts(const Tree &T, const ProjectClasses &Classes)
    : T(T), Classes(Classes), Imports(T) {
  collectFunctions();
}

ImportTable::ImportTable(const Tree &T) {
  walk(T.root(), [&](Node N) {
    if (N.is("import_statement")) {
      for (Node Name : N.fields("name")) {
        if (Name.is("aliased_import"))
          Names[Name.field("alias").text().str()] =
              Name.field("name").text().str();
        else // `import torch.nn` binds `torch`
          Names[Name.text().split('.').first.str()] =
              Name.text().split('.').first.str();
      }
      return false;
    }
    if (N.is("import_from_statement")) {
      Node From = N.field("module_name");
      std::string Module = From.is("dotted_name") ? From.text().str() : "";
      for (Node Name : N.fields("name")) {
        Node Imported = Name.is("aliased_import") ? Name.field("name") : Name;
        Node Local = Name.is("aliased_import") ? Name.field("alias") : Name;
        Names[Local.text().str()] = Module.empty()
                                        ? Imported.text().str()
                                        : Module + "." + Imported.text().str();
      }
      return false;
    }
    return true;
  });
}

std::string ImportTable::qualify(Node E) const {
  // Iterative: `a.b.c…` may be any length; past 64 parts it is no name a
  // rule knows.
  std::vector<llvm::StringRef> Parts;
  while (E.is("attribute")) {
    if (Parts.size() == 64)
      return "";
    Parts.push_back(E.field("attribute").text());
    E = E.field("object");
  }
  if (!E.is("identifier"))
    return "";
  auto It = Names.find(E.text().str());
  std::string Out = It == Names.end() ? E.text().str() : It->second;
  for (auto P = Parts.rbegin(); P != Parts.rend(); ++P)
    Out += "." + P->str();
  return Out;
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
  // Definitions, with their enclosing class.
  std::vector<std::pair<Node, std::string>> Work = {{T.root(), ""}};
  while (!Work.empty()) {
    auto [N, Class] = Work.back();
    Work.pop_back();
    for (Node C : N.namedChildren()) {
      if (C.is("function_definition")) {
        Function F;
        F.Def = C;
        F.ClassName = Class;
        F.Name =
            (Class.empty() ? "" : Class + ".") + C.field("name").text().str();
        Functions.push_back(std::move(F));
        Work.push_back({C, Class});
      } else if (C.is("class_definition")) {
        Work.push_back({C, C.field("name").text().str()});
      } else if (!C.is("lambda")) {
        Work.push_back({C, Class});
      }
    }
  }
  std::sort(Functions.begin() + 1, Functions.end(),
            [](const Function &A, const Function &B) {
              return A.Def.startByte() < B.Def.startByte();
            });
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
  for (Function &F : Functions)
    collectLoops(F);
}

/// Calls `Visit` on each node of F's own code (not nested defs, lambdas or
/// classes; the module's top level does not enter functions).
template <typename V> static void ownCode(const Function &F, V Visit) {
  Node Start = F.Def.is("module") ? F.Def : F.Def.field("body");
  walk(Start, [&](Node N) {
    if (N != Start && isScope(N.type()))
      return false;
    return Visit(N);
  });
}

void ModuleFacts::collectKinds(Function &F) {
  std::map<std::string, std::optional<Kind>> Seen;
  std::map<std::string, std::optional<Kind>> SeenAttr;
  auto Bind = [&](const std::string &Name, Kind K) {
    F.Locals.insert(Name);
    merge(Seen[Name], K);
  };
  // Parameters: annotations and defaults.
  if (F.Def.is("function_definition"))
    for (Node P : F.Def.field("parameters").namedChildren()) {
      std::string Name;
      Node Type = P.field("type");
      if (P.is("identifier"))
        Name = P.text().str();
      else if (P.is("typed_parameter") || P.is("typed_default_parameter"))
        Name = P.is("typed_parameter") ? P.namedChild(0).text().str()
                                       : P.field("name").text().str();
      else if (P.is("default_parameter"))
        Name = P.field("name").text().str();
      if (Name.empty() || Name == "self" || Name == "cls")
        continue;
      Kind K = Kind::Unknown;
      if (Type) {
        std::string Q = qualify(Type.namedChild(0));
        llvm::StringRef S(Q);
        if (Classes.isModule(Q) || S.endswith("nn.Module"))
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
  ownCode(F, [&](Node N) {
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
        merge(
            SeenAttr[F.ClassName + "." + Left.field("attribute").text().str()],
            Right ? kindOf(Right, F, 1) : Kind::Unknown);
      } else {
        std::vector<std::string> Names;
        boundNames(Left, Names);
        for (const std::string &Name : Names)
          Bind(Name, Kind::Unknown);
      }
      return true;
    }
    if (N.is("augmented_assignment")) {
      // `s += x` keeps the kind; it still makes the name a local.
      Node Left = N.field("left");
      if (Left.is("identifier"))
        F.Locals.insert(Left.text().str());
      return true;
    }
    if (N.is("for_statement") || N.is("for_in_clause")) {
      std::vector<std::string> Names;
      boundNames(N.field("left"), Names);
      for (const std::string &Name : Names)
        Bind(Name, Kind::Unknown);
      return true;
    }
    if (N.is("as_pattern")) {
      std::vector<std::string> Names;
      boundNames(N.field("alias"), Names);
      for (const std::string &Name : Names)
        Bind(Name, Kind::Unknown);
      return true;
    }
    return true;
  });
  for (auto &[Name, K] : Seen)
    F.Kinds[Name] = K.value_or(Kind::Unknown);
  for (auto &[Name, K] : SeenAttr) {
    auto [It, New] = Attributes.emplace(Name, K.value_or(Kind::Unknown));
    if (!New && It->second != K.value_or(Kind::Unknown))
      It->second = Kind::Unknown;
  }
  // `with torch.no_grad():` and `@torch.no_grad()` ranges.
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
  ownCode(F, [&](Node N) {
    if (N.is("with_statement"))
      for (Node Item : N.field("with_clause").namedChildren()) {
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
  ownCode(F, [&](Node N) {
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
        Text[P.is("typed_parameter") ? P.namedChild(0).text().str()
                                     : P.field("name").text().str()] = true;
  std::set<std::string> TextNames;
  for (const auto &[Name, IsText] : Text)
    if (IsText)
      TextNames.insert(Name);
  std::vector<Node> LoopNodes;
  ownCode(F, [&](Node N) {
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
        std::vector<Node> Args = positional(S);
        if (C == "range") {
          if (Args.size() == 3) {
            std::optional<long long> Step = intValue(Args[2]);
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
      std::vector<Node> Args = positional(It);
      std::optional<long long> Stop =
          Args.size() == 1 ? intValue(Args[0]) : std::nullopt;
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

Kind ModuleFacts::kindOf(Node E, const Function &F) const {
  return kindOf(E, F, 0);
}

Kind ModuleFacts::kindOf(Node E, const Function &F, int Depth) const {
  if (E.null() || Depth > MaxKindDepth)
    return Kind::Unknown;
  llvm::StringRef Type = E.type();
  if (Type == "parenthesized_expression" || Type == "type")
    return kindOf(E.namedChild(0), F, Depth + 1);
  if (Type == "string" || Type == "concatenated_string")
    return Kind::Str;
  if (Type == "integer" || Type == "float")
    return Kind::Number;
  if (Type == "list" || Type == "list_comprehension")
    return Kind::List;
  if (Type == "tuple")
    return Kind::Tuple;
  if (Type == "set" || Type == "set_comprehension")
    return Kind::Set;
  if (Type == "dictionary" || Type == "dictionary_comprehension")
    return Kind::Dict;
  if (Type == "binary_operator") {
    Kind L = kindOf(E.field("left"), F, Depth + 1);
    if (L == Kind::Str || L == Kind::List)
      return L;
    Kind R = kindOf(E.field("right"), F, Depth + 1);
    return R == Kind::Str ? R : Kind::Unknown;
  }
  if (Type == "identifier") {
    std::string Name = E.text().str();
    auto It = F.Kinds.find(Name);
    if (It != F.Kinds.end())
      return It->second;
    if (F.Locals.count(Name))
      return Kind::Unknown;
    auto G = Globals.find(Name);
    if (G != Globals.end() && &F != &Functions.front())
      return G->second;
    return Kind::Unknown;
  }
  if (Type == "attribute") {
    if (E.field("object").text() == "self" && !F.ClassName.empty()) {
      auto It = Attributes.find(F.ClassName + "." +
                                E.field("attribute").text().str());
      return It == Attributes.end() ? Kind::Unknown : It->second;
    }
    // An annotation such as `faiss.Index` or `nn.Module`.
    std::string Q = qualify(E);
    if (Q == "torch.Tensor")
      return Kind::Tensor;
    return Kind::Unknown;
  }
  if (Type == "call")
    return kindOfCall(E, F, Depth);
  return Kind::Unknown;
}

Kind ModuleFacts::kindOfCall(Node Call, const Function &F, int Depth) const {
  std::string C = callee(Call);
  llvm::StringRef S(C);
  Node Fn = Call.field("function");
  // Fluent calls keep the receiver's kind: `.to(dev).eval()`.
  if (Fn.is("attribute")) {
    llvm::StringRef Method = Fn.field("attribute").text();
    Kind Receiver = Kind::Unknown;
    bool Fluent = llvm::StringSwitch<bool>(Method)
                      .Cases("to", "eval", "train", "cuda", "cpu", "half",
                             "float", "double", true)
                      .Cases("requires_grad_", "share_memory", "bfloat16", true)
                      .Default(false);
    if (Fluent && S.startswith(".")) {
      Receiver = kindOf(Fn.field("object"), F, Depth + 1);
      if (Receiver != Kind::Unknown)
        return Receiver;
    }
    if (S.startswith(".") && Method == "from_pretrained")
      return Kind::Model;
    if (S.startswith(".") && (Method == "numpy"))
      return Kind::Array;
    if (S.startswith(".") &&
        (Method == "split" || Method == "splitlines" || Method == "tolist" ||
         Method == "readlines" || Method == "keys" || Method == "values"))
      return Method == "keys" || Method == "values" ? Kind::Unknown
                                                    : Kind::List;
    if (S.startswith(".") && (Method == "join" || Method == "strip" ||
                              Method == "lower" || Method == "format"))
      return Kind::Str;
  }
  // A call of a model returns a tensor (or a tuple: unknown is safer).
  if (!S.startswith(".") && Fn.is("identifier")) {
    Kind K = kindOf(Fn, F, Depth + 1);
    if (K == Kind::Model || K == Kind::Loaded)
      return Kind::Unknown;
  }
  if (S == "list" || S == "sorted")
    return Kind::List;
  if (S == "set" || S == "frozenset")
    return Kind::Set;
  if (S == "dict" || S == "collections.defaultdict" ||
      S == "collections.OrderedDict" || S == "collections.Counter")
    return Kind::Dict;
  if (S == "tuple")
    return Kind::Tuple;
  if (S == "str" || S == "repr")
    return Kind::Str;
  if (S == "int" || S == "float" || S == "len")
    return Kind::Number;
  if (S == "torch.load" || S == "torch.jit.load" || S == "torch.jit.script" ||
      S == "torch.jit.trace")
    return S == "torch.load" ? Kind::Loaded : Kind::Model;
  if (S == "torch.utils.data.DataLoader" || S.endswith(".DataLoader") ||
      S == "DataLoader")
    return Kind::DataLoader;
  if (S.startswith("faiss.Index") || S == "faiss.read_index" ||
      S == "faiss.index_factory" || S == "faiss.index_cpu_to_gpu" ||
      S == "faiss.index_gpu_to_cpu")
    return Kind::FaissIndex;
  if (S.startswith("torch.nn.") && S.rsplit('.').second.size() &&
      isupper(S.rsplit('.').second[0]) &&
      !S.startswith("torch.nn.functional") && !S.startswith("torch.nn.init") &&
      !S.startswith("torch.nn.utils") && !S.contains(".Parameter"))
    return Kind::Model;
  if (S.startswith("torchvision.models.") && !S.contains("Weights"))
    return Kind::Model;
  if (S == "sentence_transformers.SentenceTransformer" ||
      S.startswith("transformers.AutoModel"))
    return Kind::Model;
  if (S.startswith("torch.") &&
      llvm::StringSwitch<bool>(S.drop_front(6))
          .Cases("tensor", "as_tensor", "from_numpy", "zeros", "ones", true)
          .Cases("empty", "randn", "rand", "arange", "stack", "cat", true)
          .Cases("zeros_like", "ones_like", "full", "linspace", "randint", true)
          .Default(false))
    return Kind::Tensor;
  if ((S.startswith("numpy.") || S.startswith("np.")) &&
      llvm::StringSwitch<bool>(S.rsplit('.').second)
          .Cases("array", "asarray", "zeros", "ones", "empty", "stack", true)
          .Cases("concatenate", "vstack", "arange", "random", "rand", true)
          .Case("ascontiguousarray", true)
          .Default(false))
    return Kind::Array;
  // A project class: a model when it derives from nn.Module.
  if (!S.startswith(".") && !S.empty()) {
    llvm::StringRef Simple =
        S.rsplit('.').second.empty() ? S : S.rsplit('.').second;
    if (!Simple.empty() && isupper(Simple[0]) && Classes.isModule(S.str()))
      return Kind::Model;
  }
  return Kind::Unknown;
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
