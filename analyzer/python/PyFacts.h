//===- PyFacts.h - What a Python file's code does, for the rules ----------===//
//
// The Python side of the analyzer layer (docs/python.md): imports resolved
// to qualified names, the functions of a file (the module's top level is one
// too), their loops — `for`, `while`, comprehensions, generator expressions —
// with the names each binds and writes, and what a name holds (a model, a
// FAISS index, a DataLoader, a tensor, a list …) from its bindings. A name
// whose bindings disagree is Unknown: never guessed.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_PYTHON_PYFACTS_H
#define HOTPATH_ANALYZER_PYTHON_PYFACTS_H

#include "analyzer/python/PyTree.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hotpath::py {

/// What a name or an expression holds, as far as the code shows.
enum class Kind {
  Unknown,
  Model,      ///< an nn.Module (or a loaded model that is called)
  Loaded,     ///< torch.load / torch.jit.load result: a model when called
  FaissIndex, ///< a faiss.Index*
  DataLoader, ///< torch.utils.data.DataLoader: iterates batches
  Tensor,
  Array, ///< a numpy array
  List,
  Tuple,
  Set,
  Dict,
  Str,
  Number,
};
const char *kindName(Kind K);
/// The kind kindName() names; std::nullopt for any other text.
std::optional<Kind> kindNamed(llvm::StringRef Name);

/// A file's imports: local name -> what it names ("np" -> "numpy",
/// `from faiss import IndexFlatL2` -> "faiss.IndexFlatL2").
class ImportTable {
public:
  explicit ImportTable(const Tree &T);
  /// The dotted name of an identifier or attribute chain with the imports
  /// resolved (`nn.Linear` -> "torch.nn.Linear"); empty otherwise.
  std::string qualify(Node E) const;
  bool imports(const std::string &Local) const { return Names.count(Local); }
  /// For a name reached through an import, the defining module's last part
  /// and the name (`from pkg.util import score`, `from .util import score`,
  /// `import pkg.util as u; u.score`: "util.score"); empty otherwise. How
  /// call sites in one file find a function of another (the module's file
  /// name, not the whole package path: the import root is not known).
  std::string moduleAndName(Node E) const;

private:
  std::map<std::string, std::string> Names;
  /// Local name -> the relative import as written (".util.score").
  std::map<std::string, std::string> Relative;
};

/// What the call sites of one function pass, merged over the sites: per
/// position and per keyword, the kind every site agrees on (Unknown when
/// two disagree); Escaped when the function is used other than by a call
/// or called with `*args` (its call sites are not all known).
struct CallArgs {
  std::vector<std::optional<Kind>> Positional;
  std::map<std::string, std::optional<Kind>> Keywords;
  bool Escaped = false;
  void merge(const CallArgs &Other);
  bool operator==(const CallArgs &O) const {
    return Positional == O.Positional && Keywords == O.Keywords &&
           Escaped == O.Escaped;
  }
};
/// "module.name" (ImportTable::moduleAndName) or a function's name -> what
/// its call sites pass.
using CallTable = std::map<std::string, CallArgs>;

/// The classes one file defines, in source order: the name and the bases
/// as written, with the file's imports resolved.
using FileClasses =
    std::vector<std::pair<std::string, std::vector<std::string>>>;

/// Classes of the whole project: name -> qualified bases (one list per
/// definition of the name). Built over every file before facts.
struct ProjectClasses {
  std::map<std::string, std::vector<std::vector<std::string>>> Bases;
  /// Whether `Name` (a simple or qualified class name) derives from
  /// torch.nn.Module directly or through project classes.
  bool isModule(const std::string &QualifiedOrSimple) const;
  /// The classes of one file (outside function bodies).
  static FileClasses of(const Tree &T, const ImportTable &Imports);
  void add(const FileClasses &C);
  void add(const Tree &T) { add(of(T, ImportTable(T))); }
};

struct Loop {
  Node At;       ///< for_statement, while_statement, or a comprehension
  Node Body;     ///< the block, or the comprehension's element expression
  Node Iterable; ///< what a for iterates (null for while)
  bool Comprehension = false;
  /// Names the loop target binds (`for i, (x, y) in …`: i, x, y).
  std::vector<std::string> Elements;
  /// Names assigned anywhere in the loop (body and target).
  std::set<std::string> Written;
  /// The loop iterates batches: a DataLoader (or enumerate/tqdm/zip of
  /// one), a range with a step other than 1 (`range(0, n, bs)`).
  bool Batches = false;
  /// The loop iterates single items of a collection the code shows:
  /// `range(n)`/`range(len(x))` indices, a list, a tensor or array.
  bool Items = false;
  /// The items are pieces of text (lines of a file, `.split()` words, a
  /// `List[str]` parameter): single samples whatever the code does next.
  bool TextItems = false;
  /// `for i in range(...)`: the index name.
  std::string Index;
  /// The loop runs a handful of times the code fixes: it iterates a literal
  /// of at most 8 elements, or `range(k)` with a literal k <= 8.
  bool ShortTrip = false;
  /// The loop prints on every iteration (a `print` outside any branch): a
  /// report for a human, not a hot path.
  bool Prints = false;
  int Parent = -1; ///< index into Function::Loops
};

struct Function {
  Node Def;         ///< function_definition; the module node for the top level
  std::string Name; ///< "f", "Class.method", "<module>"
  std::string ClassName; ///< enclosing class, empty for free functions
  std::vector<Loop> Loops;
  /// Name -> what it holds, from every binding in the function.
  std::map<std::string, Kind> Kinds;
  /// Names bound in the function (locals), whatever their kind.
  std::set<std::string> Locals;
  /// Inside `with torch.no_grad()` / `torch.inference_mode()` (or the
  /// decorator): statements in these ranges run without autograd.
  std::vector<std::pair<uint32_t, uint32_t>> NoGrad;
  /// The nodes that bind names in F's own code, pre-order: assignments,
  /// `for` targets, `as` patterns (each pass of collectKinds reads these,
  /// not the whole body).
  std::vector<Node> Bindings;
  /// Every call node of F's own code, pre-order (source order).
  std::vector<Node> Calls;
};

class ModuleFacts {
public:
  ModuleFacts(const Tree &T, const ProjectClasses &Classes);
  /// With the file's imports already read, and what call sites in other
  /// files pass to this file's free functions (by name), if known.
  ModuleFacts(const Tree &T, const ProjectClasses &Classes, ImportTable Imports,
              const CallTable *Incoming = nullptr);

  const Tree &tree() const { return T; }
  const std::vector<Function> &functions() const { return Functions; }
  std::string qualify(Node E) const { return Imports.qualify(E); }
  std::string moduleAndName(Node E) const { return Imports.moduleAndName(E); }
  /// The qualified callee of a call node ("torch.load"), or for a method
  /// call on something that is not a module name, "." + method name.
  std::string callee(Node Call) const;
  /// What `E` holds inside `F`.
  Kind kindOf(Node E, const Function &F) const;
  /// The innermost loop of `F` containing `N` (by index), -1 if none.
  int loopOf(const Function &F, Node N) const;
  /// Whether `E` reads one of `Names` (an identifier under it).
  static bool reads(Node E, const std::set<std::string> &Names);
  static bool reads(Node E, const std::vector<std::string> &Names);
  /// Whether the statement containing `N` inside loop `L` is on an error
  /// path: an except handler, or a block that ends in raise.
  static bool onErrorPath(Node N, const Loop &L);
  /// Whether `N` runs without autograd in `F`.
  bool noGrad(const Function &F, Node N) const;
  /// Whether `Name` is a project nn.Module class. Every answer is recorded
  /// in classAnswers(): the file's results hold while these answers do
  /// (the result cache checks them against the next run's classes).
  bool isModuleClass(const std::string &Name) const;
  const std::map<std::string, bool> &classAnswers() const {
    return ClassAnswers;
  }
  /// The file's calls of functions imported from other files, by
  /// ImportTable::moduleAndName, with what they pass (kinds from this
  /// file's own facts).
  const CallTable &outgoing() const { return Outgoing; }
  /// Whether facts built with `Incoming` (other files' calls of this
  /// file's functions) could differ from these, built without: it gives a
  /// known kind to a free function's parameter, or meets one the file's
  /// own call sites gave.
  bool takesKindsFrom(const CallTable &Incoming) const;

private:
  void collectFunctions();
  void collectLoops(Function &F);
  void collectKinds(Function &F);
  void collectBindings(Function &F);
  void collectCallSiteKinds();
  Kind kindOfCall(Node Call, const Function &F, int Depth) const;
  Kind kindOf(Node E, const Function &F, int Depth) const;

  const Tree &T;
  const ProjectClasses &Classes;
  mutable std::map<std::string, bool> ClassAnswers;
  const CallTable *Incoming = nullptr;
  CallTable Outgoing;
  ImportTable Imports;
  std::vector<Function> Functions;
  /// Module-level names and their kinds (globals read by functions).
  std::map<std::string, Kind> Globals;
  /// "Class.attr" -> kind of `self.attr`, from every method of the class.
  std::map<std::string, Kind> Attributes;
  /// "f" / "Class.method" -> parameter -> the kind every call site in the
  /// file passes (only for functions the file never uses but by calling).
  std::map<std::string, std::map<std::string, Kind>> CallSiteKinds;
};

/// Every node under `N` (itself included), pre-order, iteratively; `Visit`
/// returns false to skip a node's children.
template <typename F> void walk(Node N, F Visit) {
  // Pre-order over the parent and sibling links: no stack, no allocation.
  if (N.null())
    return;
  Node X = N;
  while (true) {
    Node Next = Visit(X) ? X.firstNamedChild() : Node();
    while (Next.null()) {
      if (X == N)
        return;
      Next = X.nextNamedSibling();
      if (Next.null())
        X = X.parent();
    }
    X = Next;
  }
}

/// Whether a node type is a function or class body boundary (a nested
/// def, lambda or class: its code is not the enclosing function's).
bool isScope(llvm::StringRef Type);
/// Whether a node type is a comprehension or generator expression.
bool isComprehension(llvm::StringRef Type);
/// The identifier a node of a function's `parameters` binds: `x`,
/// `x: T`, `x=1`, `x: T = 1`; null for the others (`*args`, `**kw`, `/`).
Node parameterName(Node Parameter);

/// Each node of F's own code, pre-order: the body, not nested defs, lambdas
/// or classes (the module's top level does not enter functions). `Visit`
/// returns false to skip a node's children.
/// Where F's own code starts: the module, or the function's body.
inline Node ownCodeRoot(const Function &F) {
  return F.Def.is("module") ? F.Def : F.Def.field("body");
}
template <typename V> void walkOwnCode(const Function &F, V Visit) {
  Node Start = ownCodeRoot(F);
  walk(Start, [&](Node N) {
    if (N != Start && isScope(N.type()))
      return false;
    return Visit(N);
  });
}

/// The names a target binds (`for i, (x, y) in …`: i, x, y; `a.b = …` and
/// `a[i] = …` bind none), appended to `Out`.
void boundNames(Node Target, std::vector<std::string> &Out);
/// The value of an integer literal (`1`, or `-1`: one sign).
std::optional<long long> intLiteral(Node E);
/// `K` joins the kinds a name's bindings gave so far: the first sets it,
/// one that differs makes it Unknown. Returns the result.
Kind mergeKind(std::optional<Kind> &Seen, Kind K);
/// The positional arguments of a call.
std::vector<Node> positionalArgs(Node Call);

} // namespace hotpath::py

#endif
