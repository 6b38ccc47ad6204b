//===- PyTree.h - A parsed Python file (tree-sitter) ----------------------===//
//
// The one place that knows tree-sitter's API: a Python file parsed with the
// tree-sitter-python grammar, and a small value type over its nodes. The
// rest of the Python frontend reads nodes by their grammar names
// ("for_statement", field "body"), as node-types.json of the grammar lists
// them. Source text is bytes; line and column are 1-based, the column
// counted in bytes as Clang counts it.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_PYTHON_PYTREE_H
#define HOTPATH_ANALYZER_PYTHON_PYTREE_H

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

// tree-sitter's tree, seen only by PyTree.cpp.
struct TSTree;

namespace hotpath::py {

class Tree;

/// A node of a parsed file; null when a child or field is absent. Cheap to
/// copy (an index into its Tree's node array); valid while its Tree lives.
class Node {
public:
  Node() = default;
  Node(uint32_t Index, const Tree *T) : I(Index), T(T) {}

  bool null() const { return !T; }
  explicit operator bool() const { return !null(); }
  /// The grammar's name: "call", "identifier", "for_statement" …
  inline llvm::StringRef type() const;
  bool is(llvm::StringRef Type) const { return !null() && type() == Type; }
  /// The child in field `Name` ("function", "arguments", "body" …).
  inline Node field(llvm::StringRef Name) const;
  /// Every child in field `Name` (`from m import a, b`: both names).
  std::vector<Node> fields(llvm::StringRef Name) const;
  std::vector<Node> namedChildren() const;
  /// The anonymous tokens among the children ("not", "in", "+=" …).
  std::vector<llvm::StringRef> tokens() const;
  unsigned namedChildCount() const;
  Node namedChild(unsigned I) const;
  /// The first named child, and the next named sibling: walks without
  /// allocating.
  inline Node firstNamedChild() const;
  inline Node nextNamedSibling() const;
  inline Node parent() const;
  /// The source text the node spans.
  inline llvm::StringRef text() const;
  inline unsigned line() const;
  inline unsigned column() const;
  inline unsigned endLine() const;
  inline uint32_t startByte() const;
  inline uint32_t endByte() const;
  /// Whether `Other` is this node or inside it.
  bool encloses(const Node &Other) const {
    return !null() && !Other.null() && startByte() <= Other.startByte() &&
           Other.endByte() <= endByte();
  }
  bool operator==(const Node &O) const { return T == O.T && (!T || I == O.I); }
  bool operator!=(const Node &O) const { return !(*this == O); }
  const Tree *tree() const { return T; }

private:
  /// The first named node from `C` on along the sibling chain.
  inline Node namedFrom(uint32_t C) const;
  uint32_t I = 0;
  const Tree *T = nullptr;
};

/// A syntax error: where the parser gave up on a construct, and recovered.
struct SyntaxError {
  unsigned Line = 0, Column = 0;
  std::string Message;
};

/// A parsed file. Parsing never fails: tree-sitter recovers around an
/// error locally, and errors() lists what it skipped or made up.
class Tree {
public:
  /// Parses `Source` (any bytes). Null when its brackets nest deeper than
  /// MaxNesting, when error recovery made a node of more than 65 535
  /// children (tree-sitter 0.20.7 wraps the count: the tree is unusable),
  /// when the parse runs past parseBudgetMicros(), or when tree-sitter
  /// refuses the grammar or runs out of memory.
  /// `Problem`, when given, says why a parse gave no tree.
  static std::unique_ptr<Tree> parse(std::string Source,
                                     std::string *Problem = nullptr);
  /// The problem of a parse that error recovery made unusable.
  static constexpr const char *TooLargeError =
      "cannot be parsed: a syntax error larger than the parser handles "
      "(over 65 535 pieces in one node)";
  /// The problem of a parse that ran out of its time budget.
  static constexpr const char *TimeoutError =
      "cannot be parsed: error recovery ran past the parse budget (10 s "
      "plus 5 s per MiB)";
  /// The parse budget of `Bytes` of source, in microseconds: 10 s plus 5 s
  /// per MiB, far above a valid file's parse (a 10 MiB file takes a few
  /// seconds), far below the minutes that error recovery can spend on
  /// pathological input.
  static uint64_t parseBudgetMicros(size_t Bytes) {
    return 10'000'000ull + 5ull * Bytes * 1'000'000ull / (1u << 20);
  }
  /// Brackets nested deeper than this are refused before parsing
  /// (tree-sitter 0.20 corrupts its heap on ~60 000; CPython refuses more
  /// than 200).
  static constexpr unsigned MaxNesting = 1000;
  /// How deep `Source` nests brackets outside strings and comments (stops
  /// counting past MaxNesting).
  static unsigned nesting(llvm::StringRef Source);
  /// An upper bound of the tokens in `Source` (runs of word characters,
  /// each other character, strings count by their characters): below
  /// 65 536 no node can have the children tree-sitter 0.20.7 miscounts.
  static size_t tokenBound(llvm::StringRef Source);
  /// Parses `Source` as parse() does, in a child process when the input
  /// is large enough to make a node that tree-sitter 0.20.7 miscounts: its
  /// error recovery over such a node frees a pointer malloc never returned,
  /// inside the parse, where no check after it can help (docs/python.md,
  /// "Parser"). The child sends its nodes back, so the file is parsed once.
  /// A child that crashes gives TooLargeError; one past its budget,
  /// TimeoutError.
  static std::unique_ptr<Tree> parseIsolated(std::string Source,
                                             std::string *Problem = nullptr);
  ~Tree();
  Tree(const Tree &) = delete;
  Tree &operator=(const Tree &) = delete;

  Node root() const { return {0, this}; }
  const std::string &source() const { return Source; }
  /// Every ERROR and MISSING node, outermost first, in source order; at
  /// most MaxErrors.
  std::vector<SyntaxError> errors(size_t MaxErrors = 20) const;

private:
  Tree();
  friend class Node;
  static constexpr uint32_t None = ~uint32_t(0);
  /// One node, copied out of tree-sitter's tree (which is then freed): the
  /// rules walk this array, not tree-sitter's cursors.
  struct Entry {
    uint32_t Start, End, Line, Column, EndLine;
    uint32_t Parent, FirstChild, NextSibling;
    uint16_t Symbol; ///< an index into Symbols
    uint8_t Field;   ///< an index into Fields; 0 when in no field
    uint8_t Named : 1, Missing : 1;
  };
  void copyNodes(::TSTree *T);
  /// Whether `Bytes` (from a child's copyNodes) is a consistent node array
  /// of this tree's source; if so it becomes Nodes.
  bool adoptNodes(llvm::StringRef Bytes);
  std::string Source;
  std::vector<Entry> Nodes; ///< pre-order; Nodes[0] is the root
  /// The grammar's node type and field names, by Entry::Symbol and Field.
  const llvm::StringRef *Symbols = nullptr, *Fields = nullptr;
  uint32_t SymbolCount = 0, FieldCount = 0;
};

llvm::StringRef Node::type() const {
  return null() ? llvm::StringRef() : T->Symbols[T->Nodes[I].Symbol];
}

Node Node::field(llvm::StringRef Name) const {
  if (null())
    return {};
  for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
       C = T->Nodes[C].NextSibling)
    if (T->Nodes[C].Field && T->Fields[T->Nodes[C].Field] == Name)
      return {C, T};
  return {};
}

Node Node::namedFrom(uint32_t C) const {
  for (; C != Tree::None; C = T->Nodes[C].NextSibling)
    if (T->Nodes[C].Named)
      return {C, T};
  return {};
}

Node Node::firstNamedChild() const {
  return null() ? Node() : namedFrom(T->Nodes[I].FirstChild);
}

Node Node::nextNamedSibling() const {
  return null() ? Node() : namedFrom(T->Nodes[I].NextSibling);
}

Node Node::parent() const {
  if (null() || T->Nodes[I].Parent == Tree::None)
    return {};
  return {T->Nodes[I].Parent, T};
}

llvm::StringRef Node::text() const {
  if (null())
    return {};
  const Tree::Entry &E = T->Nodes[I];
  return llvm::StringRef(T->Source.data() + E.Start, E.End - E.Start);
}

unsigned Node::line() const { return null() ? 0 : T->Nodes[I].Line; }
unsigned Node::column() const { return null() ? 0 : T->Nodes[I].Column; }
unsigned Node::endLine() const { return null() ? 0 : T->Nodes[I].EndLine; }
uint32_t Node::startByte() const { return null() ? 0 : T->Nodes[I].Start; }
uint32_t Node::endByte() const { return null() ? 0 : T->Nodes[I].End; }

/// The tree-sitter grammar's ABI version, for `hotpath --version`.
unsigned grammarVersion();

} // namespace hotpath::py

#endif
