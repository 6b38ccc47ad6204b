//===- PyRuleUtils.cpp ----------------------------------------------------===//
#include "rules/PyRuleUtils.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace hotpath::py {

llvm::StringRef methodOf(Node Call) {
  Node Fn = Call.field("function");
  return Fn.is("attribute") ? Fn.field("attribute").text() : llvm::StringRef();
}

bool trainingStep(Node Call) {
  llvm::StringRef M = methodOf(Call);
  return Call.is("call") && (M == "backward" || M == "step");
}

bool trains(const Function &F) {
  return llvm::any_of(callsIn(F), [](Node C) {
    return trainingStep(C) || methodOf(C) == "train";
  });
}

bool trains(const Loop &L) {
  bool Found = false;
  walk(L.Body, [&](Node N) {
    if (Found || isScope(N.type()))
      return false;
    Found = trainingStep(N) && !conditionalIn(N, L);
    return true;
  });
  return Found;
}

std::set<std::string> derivedNames(const Loop &L, std::set<std::string> Seeds) {
  std::vector<std::pair<std::vector<std::string>, Node>> Assignments;
  walk(L.At, [&](Node N) {
    if (N != L.At && isScope(N.type()))
      return false;
    if (N.is("assignment") || N.is("augmented_assignment")) {
      std::vector<std::string> Names;
      boundNames(N.field("left"), Names);
      if (N.field("right"))
        Assignments.push_back({Names, N.field("right")});
    }
    return true;
  });
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Names, Right] : Assignments)
      if (ModuleFacts::reads(Right, Seeds))
        for (const std::string &Name : Names)
          Changed |= Seeds.insert(Name).second;
  }
  return Seeds;
}

std::set<std::string> itemNames(const Loop &L) {
  std::set<std::string> Seeds(L.Elements.begin(), L.Elements.end());
  if (!L.Index.empty())
    Seeds.insert(L.Index);
  return derivedNames(L, Seeds);
}

std::set<std::string> resultNames(const Loop &L, Node Call) {
  std::set<std::string> Seeds;
  for (Node P = Call.parent(); P && P != L.At; P = P.parent()) {
    if (P.is("assignment") || P.is("augmented_assignment")) {
      std::vector<std::string> Names;
      boundNames(P.field("left"), Names);
      Seeds.insert(Names.begin(), Names.end());
      break;
    }
    if (P.is("expression_statement") || P.is("block"))
      break;
  }
  if (Seeds.empty())
    return Seeds;
  return derivedNames(L, Seeds);
}

namespace {

/// A slice `i:i+1`: one row.
bool oneRowSlice(Node Slice) {
  std::vector<Node> Parts = Slice.namedChildren();
  return Parts.size() == 2 && Parts[1].is("binary_operator") &&
         Parts[1].field("left").text() == Parts[0].text() &&
         intLiteral(Parts[1].field("right")) == 1;
}

/// itemShape() with the loop's item names computed once for the whole
/// descent.
std::string shapeOf(const ModuleFacts &M, const Loop &L,
                    const std::set<std::string> &Items, Node Arg, bool Plain,
                    int Depth) {
  // Through fluent calls and names bound once, a few levels at most.
  if (Depth > 8)
    return "";
  if (Arg.null() || !ModuleFacts::reads(Arg, Items))
    return "";
  if (Arg.is("keyword_argument"))
    Arg = Arg.field("value");
  // `[x]`: a one-element list.
  if (Arg.is("list") && Arg.namedChildCount() == 1)
    return "a one-item list";
  if (Arg.is("subscript")) {
    std::vector<Node> Subs = Arg.fields("subscript");
    for (Node S : Subs) {
      if (S.is("none"))
        return "indexed with None";
      if (S.is("slice"))
        return oneRowSlice(S) ? "a one-row slice" : "";
    }
    // `x[i]` with the loop's index: one element of a collection.
    if (!L.Index.empty() && Subs.size() == 1 && Subs[0].is("identifier") &&
        Subs[0].text() == L.Index)
      return "one element, indexed by the loop";
  }
  if (Arg.is("call")) {
    llvm::StringRef Method = methodOf(Arg);
    std::vector<Node> Args = positionalArgs(Arg);
    if (Method == "unsqueeze" && Args.size() == 1 && intLiteral(Args[0]) == 0)
      return "unsqueeze(0)";
    if ((Method == "reshape" || Method == "view") && !Args.empty() &&
        intLiteral(Args[0]) == 1)
      return Method.str() + "(1, …)";
    std::string C = M.callee(Arg);
    if ((C == "numpy.expand_dims" || C == "np.expand_dims") &&
        Args.size() == 2 && intLiteral(Args[1]) == 0)
      return "expand_dims(…, 0)";
    if ((C == "torch.tensor" || C == "numpy.array" || C == "np.array" ||
         C == "torch.as_tensor") &&
        !Args.empty() && Args[0].is("list") && Args[0].namedChildCount() == 1)
      return "a one-item list";
    // The fluent calls keep the item: `x.to(dev)`, `x.float()`.
    if (Method == "to" || Method == "float" || Method == "cuda" ||
        Method == "half" || Method == "double")
      return shapeOf(M, L, Items, Arg.field("function").field("object"), Plain,
                     Depth + 1);
  }
  // A name the loop body binds once: what it was bound to.
  if (Arg.is("identifier")) {
    std::vector<Node> Bindings =
        assignmentsTo(L.Body, Arg.text(), /*Augmented=*/true);
    Node Value = Bindings.size() == 1 ? Bindings[0].field("right") : Node();
    if (Value && Value.startByte() < Arg.startByte())
      if (std::string Why = shapeOf(M, L, Items, Value, false, Depth + 1);
          !Why.empty())
        return Why;
  }
  if (Plain && L.Items && !batchShaped(Arg))
    return "one item of the loop";
  return "";
}

} // namespace

std::string itemShape(const ModuleFacts &M, const Function &F, const Loop &L,
                      Node Arg, bool Plain) {
  return shapeOf(M, L, itemNames(L), Arg, Plain, 0);
}

bool leavesLoop(Node N, const Loop &L) {
  for (Node S = N; S && S != L.At; S = S.parent()) {
    if (S.is("return_statement"))
      return true;
    Node Block = S.parent();
    if (!Block.is("block"))
      continue;
    // A block that ends in return or raise runs at most once per entry to
    // the loop.
    std::vector<Node> Stmts = Block.namedChildren();
    if (!Stmts.empty() && (Stmts.back().is("return_statement") ||
                           Stmts.back().is("raise_statement")))
      return true;
    bool After = false;
    for (Node Next : Block.namedChildren()) {
      if (After && (Next.is("break_statement") || Next.is("return_statement")))
        return true;
      After |= Next == S;
    }
  }
  return false;
}

bool fileObject(const Function &F, const std::string &Name) {
  int Bindings = 0, Opens = 0;
  auto IsOpen = [](Node V) {
    return V.is("call") && V.field("function").text() == "open";
  };
  walkOwnCode(F, [&](Node N) {
    if (N.is("assignment") && N.field("left").text() == Name) {
      ++Bindings;
      Opens += IsOpen(N.field("right"));
    }
    // `with open(p) as f`: an as_pattern whose alias is the name.
    if (N.is("as_pattern") && N.field("alias").text() == Name) {
      ++Bindings;
      Opens += IsOpen(N.namedChild(0));
    }
    return true;
  });
  return Bindings && Bindings == Opens;
}

std::vector<Node> assignmentsTo(Node Region, llvm::StringRef Name,
                                bool Augmented) {
  std::vector<Node> Out;
  walk(Region, [&](Node N) {
    if (N != Region && isScope(N.type()))
      return false;
    if ((N.is("assignment") || (Augmented && N.is("augmented_assignment"))) &&
        N.field("left").text() == Name)
      Out.push_back(N);
    return true;
  });
  return Out;
}

Node onlyBinding(const Function &F, llvm::StringRef Name) {
  std::vector<Node> Bindings = assignmentsTo(ownCodeRoot(F), Name);
  return Bindings.size() == 1 ? Bindings[0].field("right") : Node();
}

bool assignedIn(const Loop &L, const std::string &Name) {
  return !assignmentsTo(L.Body, Name).empty();
}

bool mutated(const Function &F, const std::string &Name) {
  bool Found = false;
  Node Start = F.Def.is("module") ? F.Def : F.Def.field("body");
  walk(Start, [&](Node N) {
    if (Found)
      return false;
    if (N.is("call")) {
      Node Fn = N.field("function");
      llvm::StringRef M = Fn.field("attribute").text();
      if (Fn.is("attribute") && Fn.field("object").text() == Name &&
          (M == "append" || M == "extend" || M == "insert" || M == "add" ||
           M == "update" || M == "remove" || M == "pop"))
        Found = true;
    }
    if (N.is("augmented_assignment") && N.field("left").text() == Name)
      Found = true;
    if (N.is("assignment") && N.field("left").is("subscript") &&
        N.field("left").field("value").text() == Name)
      Found = true;
    return true;
  });
  return Found;
}

bool batchShaped(Node Arg) {
  if (Arg.is("subscript"))
    for (Node S : Arg.fields("subscript"))
      if (S.is("slice"))
        return !oneRowSlice(S);
  return false;
}

const Loop *enclosingLoop(const ModuleFacts &M, const Function &F, Node N) {
  int I = M.loopOf(F, N);
  // A loop over a handful of fixed values repeats nothing worth a finding.
  return I < 0 || F.Loops[I].ShortTrip ? nullptr : &F.Loops[I];
}

bool ownedByIteration(const Loop &L, Node Call) {
  // Storing the object is not owning it (the same value N times); changing
  // it is.
  std::set<std::string> Result = resultNames(L, Call);
  if (Result.empty())
    return false;
  bool Owned = false;
  walk(L.Body, [&](Node N) {
    if (Owned || isScope(N.type()))
      return false;
    if (N.is("call")) {
      Node Fn = N.field("function");
      llvm::StringRef Method = Fn.field("attribute").text();
      // A method that changes the object (`index.add(xb)`) makes it the
      // iteration's own; reading methods do not.
      bool Reads = Method == "search" || Method == "get" || Method == "keys" ||
                   Method == "items" || Method == "values" ||
                   Method == "range_search" || Method == "reconstruct" ||
                   Method == "copy" || Method == "format" || Method == "read";
      if (Fn.is("attribute") && !Reads &&
          ModuleFacts::reads(Fn.field("object"), Result))
        Owned = true;
    }
    return true;
  });
  return Owned;
}

Node calledModel(const ModuleFacts &M, const Function &F, Node Call) {
  Node Fn = Call.field("function");
  if (Fn.is("identifier") || Fn.is("attribute")) {
    Kind K = M.kindOf(Fn, F);
    if (K == Kind::Model || K == Kind::Loaded)
      return Fn;
  }
  if (Fn.is("attribute")) {
    llvm::StringRef Method = Fn.field("attribute").text();
    if (Method == "forward" || Method == "encode" || Method == "predict" ||
        Method == "embed" || Method == "generate")
      if (M.kindOf(Fn.field("object"), F) == Kind::Model)
        return Fn.field("object");
  }
  return {};
}

std::string boundClassOf(const ModuleFacts &M, const Function &F,
                         Node Receiver) {
  if (!Receiver.is("identifier") || !F.Def.is("function_definition"))
    return "";
  llvm::StringRef Name = Receiver.text();
  std::string Class;
  bool Bound = false, Agree = true;
  auto See = [&](std::string C) {
    Agree &= !C.empty() && (!Bound || C == Class);
    Class = std::move(C);
    Bound = true;
  };
  for (Node P : F.Def.field("parameters").namedChildren()) {
    Node Id = parameterName(P);
    if (Id && Id.text() == Name)
      See(P.field("type") ? M.qualify(P.field("type").namedChild(0))
                          : std::string());
  }
  for (Node B : F.Bindings) {
    if (!B.is("assignment")) {
      Node Target = B.is("as_pattern") ? B.field("alias") : B.field("left");
      if (ModuleFacts::reads(Target, std::set<std::string>{Name.str()}))
        See("");
      continue;
    }
    Node Left = B.field("left"), Right = B.field("right");
    if (!Left.is("identifier") || Left.text() != Name) {
      if (ModuleFacts::reads(Left, std::set<std::string>{Name.str()}))
        See("");
      continue;
    }
    // `Encoder().eval()`, `Net().to(device)`: nn.Module's methods that
    // return the module itself.
    while (Right && Right.is("call") &&
           Right.field("function").is("attribute") &&
           Right.field("function").field("object").is("call") &&
           llvm::StringSwitch<bool>(
               Right.field("function").field("attribute").text())
               .Cases("eval", "train", "to", "cuda", "cpu", true)
               .Cases("half", "float", "double", "requires_grad_", true)
               .Default(false))
      Right = Right.field("function").field("object");
    See(Right && Right.is("call") ? M.qualify(Right.field("function"))
                                  : std::string());
  }
  return Bound && Agree ? Class : "";
}

Node keywordArg(Node Call, llvm::StringRef Name) {
  for (Node A : Call.field("arguments").namedChildren())
    if (A.is("keyword_argument") && A.field("name").text() == Name)
      return A.field("value");
  return {};
}

namespace {

/// Whether `E` names an accelerator: a "cuda…"/"mps"/"xpu" string,
/// `torch.device(…)` of one (or of a name), a name such as `device`,
/// `dev`, `gpu`, or the `device` attribute of something that is not a
/// tensor (`self.device`, `args.device`).
bool namesDevice(const ModuleFacts &M, const Function &F, Node E) {
  if (E.is("string")) {
    llvm::StringRef T = E.text().ltrim("rbuRBU").trim("'\"");
    return T.startswith("cuda") || T == "mps" || T.startswith("xpu");
  }
  if (E.is("call") && (M.callee(E) == "torch.device")) {
    std::vector<Node> Args = positionalArgs(E);
    return !Args.empty() &&
           (!Args[0].is("string") || namesDevice(M, F, Args[0]));
  }
  auto DeviceWord = [](llvm::StringRef Name) {
    std::string Lower = Name.lower();
    return llvm::StringRef(Lower).contains("device") || Lower == "dev" ||
           Lower == "gpu";
  };
  if (E.is("identifier"))
    return DeviceWord(E.text());
  if (E.is("attribute"))
    return DeviceWord(E.field("attribute").text()) &&
           M.kindOf(E.field("object"), F) != Kind::Tensor &&
           !E.field("object").is("call");
  return false;
}

} // namespace

Node deviceTransfer(const ModuleFacts &M, const Function &F, Node Call) {
  Node Fn = Call.field("function");
  if (!Call.is("call") || !Fn.is("attribute"))
    return {};
  Node Object = Fn.field("object");
  llvm::StringRef Method = Fn.field("attribute").text();
  Kind K = M.kindOf(Object, F);
  if (K == Kind::Model || K == Kind::Loaded)
    return {};
  if (Method == "cuda")
    return Object;
  if (Method != "to")
    return {};
  Node Device = keywordArg(Call, "device");
  if (!Device) {
    std::vector<Node> Args = positionalArgs(Call);
    if (!Args.empty())
      Device = Args[0];
  }
  return Device && namesDevice(M, F, Device) ? Object : Node();
}

bool hostSync(Node Call) {
  llvm::StringRef Method = methodOf(Call);
  return Call.is("call") && positionalArgs(Call).empty() &&
         (Method == "item" || Method == "cpu" || Method == "numpy" ||
          Method == "tolist");
}

bool conditionalIn(Node N, const Loop &L) {
  for (Node S = N; S && S != L.At && S != L.Body; S = S.parent()) {
    Node P = S.parent();
    // The branches of an if, not its condition (that runs every time).
    if ((P.is("if_statement") && S != P.field("condition")) ||
        P.is("elif_clause") || P.is("else_clause") || P.is("except_clause") ||
        P.is("case_clause") || P.is("conditional_expression"))
      return true;
  }
  return false;
}

Node loaderOf(const ModuleFacts &M, const Function &F, const Loop &L) {
  Node It = L.Iterable;
  for (int Depth = 0; It && Depth < 4; ++Depth) {
    if (It.is("call")) {
      std::string C = M.callee(It);
      if (llvm::StringRef(C).endswith("DataLoader"))
        return It;
      std::vector<Node> Args = positionalArgs(It);
      llvm::StringRef Simple = llvm::StringRef(C).rsplit('.').second;
      if ((C == "enumerate" || C == "zip" || C == "tqdm" || Simple == "tqdm") &&
          !Args.empty()) {
        It = Args[0];
        continue;
      }
      return {};
    }
    if (!It.is("identifier"))
      return {};
    It = onlyBinding(F, It.text());
  }
  return {};
}

} // namespace hotpath::py
