//===- PyKinds.cpp - What a Python expression holds -----------------------===//
//
// ModuleFacts::kindOf: the kind of an expression from literals, calls
// (constructors and loaders the catalog of PyFacts.h names), fluent calls
// and the bindings collectKinds gathered (PyFacts.cpp).
//
//===----------------------------------------------------------------------===//
#include "analyzer/python/PyFacts.h"

#include "llvm/ADT/StringSwitch.h"

namespace hotpath::py {

namespace {

/// Past this depth an expression's kind is Unknown (a chain of bindings
/// that refer to each other).
constexpr int MaxKindDepth = 8;

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

std::optional<Kind> kindNamed(llvm::StringRef Name) {
  for (int K = 0; K <= static_cast<int>(Kind::Number); ++K)
    if (Name == kindName(static_cast<Kind>(K)))
      return static_cast<Kind>(K);
  return std::nullopt;
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
    if (!Simple.empty() && isupper(Simple[0]) && isModuleClass(S.str()))
      return Kind::Model;
  }
  return Kind::Unknown;
}

} // namespace hotpath::py
