//===- PyTree.cpp ---------------------------------------------------------===//
#include "analyzer/python/PyTree.h"

#include "llvm/ADT/StringExtras.h"

#include <tree_sitter/api.h>

#include <cstring>

#include <algorithm>
#include <mutex>

extern "C" const TSLanguage *tree_sitter_python(void);

namespace hotpath::py {

llvm::StringRef Node::type() const {
  if (null())
    return {};
  const auto &E = T->Nodes[I];
  return llvm::StringRef(E.Type, E.TypeLen);
}

Node Node::field(llvm::StringRef Name) const {
  if (null())
    return {};
  for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
       C = T->Nodes[C].NextSibling) {
    const auto &E = T->Nodes[C];
    if (E.Field && llvm::StringRef(E.Field, E.FieldLen) == Name)
      return {C, T};
  }
  return {};
}

std::vector<Node> Node::fields(llvm::StringRef Name) const {
  std::vector<Node> Out;
  if (null())
    return Out;
  for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
       C = T->Nodes[C].NextSibling) {
    const auto &E = T->Nodes[C];
    if (E.Field && llvm::StringRef(E.Field, E.FieldLen) == Name)
      Out.push_back({C, T});
  }
  return Out;
}

std::vector<Node> Node::namedChildren() const {
  std::vector<Node> Out;
  if (null())
    return Out;
  for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
       C = T->Nodes[C].NextSibling)
    if (T->Nodes[C].Named)
      Out.push_back({C, T});
  return Out;
}

std::vector<llvm::StringRef> Node::tokens() const {
  std::vector<llvm::StringRef> Out;
  if (null())
    return Out;
  for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
       C = T->Nodes[C].NextSibling)
    if (!T->Nodes[C].Named)
      Out.push_back(Node(C, T).type());
  return Out;
}

unsigned Node::namedChildCount() const {
  unsigned N = 0;
  if (!null())
    for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
         C = T->Nodes[C].NextSibling)
      N += T->Nodes[C].Named;
  return N;
}

Node Node::namedChild(unsigned K) const {
  if (null())
    return {};
  for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
       C = T->Nodes[C].NextSibling)
    if (T->Nodes[C].Named && K-- == 0)
      return {C, T};
  return {};
}

Node Node::firstNamedChild() const {
  if (null())
    return {};
  for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
       C = T->Nodes[C].NextSibling)
    if (T->Nodes[C].Named)
      return {C, T};
  return {};
}

Node Node::nextNamedSibling() const {
  if (null())
    return {};
  for (uint32_t C = T->Nodes[I].NextSibling; C != Tree::None;
       C = T->Nodes[C].NextSibling)
    if (T->Nodes[C].Named)
      return {C, T};
  return {};
}

Node Node::parent() const {
  if (null() || T->Nodes[I].Parent == Tree::None)
    return {};
  return {T->Nodes[I].Parent, T};
}

llvm::StringRef Node::text() const {
  if (null())
    return {};
  const auto &E = T->Nodes[I];
  return llvm::StringRef(T->Source).slice(E.Start, E.End);
}

unsigned Node::line() const { return null() ? 0 : T->Nodes[I].Line; }
unsigned Node::column() const { return null() ? 0 : T->Nodes[I].Column; }
unsigned Node::endLine() const { return null() ? 0 : T->Nodes[I].EndLine; }
uint32_t Node::startByte() const { return null() ? 0 : T->Nodes[I].Start; }
uint32_t Node::endByte() const { return null() ? 0 : T->Nodes[I].End; }

bool Node::encloses(const Node &Other) const {
  return !null() && !Other.null() && startByte() <= Other.startByte() &&
         Other.endByte() <= endByte();
}

size_t Tree::tokenBound(llvm::StringRef S) {
  size_t N = 0;
  bool InWord = false;
  for (char C : S) {
    bool Word =
        llvm::isAlnum(C) || C == '_' || static_cast<unsigned char>(C) >= 0x80;
    bool Space = C == ' ' || C == '\t' || C == '\r' || C == '\f';
    if (Word) {
      N += !InWord;
    } else if (!Space) {
      ++N; // an operator, a bracket, a quote, a newline: at most one each
    }
    InWord = Word;
  }
  return N;
}

unsigned Tree::nesting(llvm::StringRef S) {
  unsigned Depth = 0, Max = 0;
  for (size_t I = 0; I < S.size() && Max <= MaxNesting; ++I) {
    char C = S[I];
    if (C == '#') {
      I = S.find('\n', I);
      if (I == llvm::StringRef::npos)
        break;
    } else if (C == '\'' || C == '"') {
      // A string: single or triple quoted, backslash escapes.
      bool Triple = S.substr(I, 3) == std::string(3, C);
      size_t J = I + (Triple ? 3 : 1);
      while (J < S.size()) {
        if (S[J] == '\\') {
          J += 2;
          continue;
        }
        if (Triple ? S.substr(J, 3) == std::string(3, C)
                   : S[J] == C || S[J] == '\n')
          break;
        ++J;
      }
      I = Triple ? J + 2 : J;
    } else if (C == '(' || C == '[' || C == '{') {
      Max = std::max(Max, ++Depth);
    } else if ((C == ')' || C == ']' || C == '}') && Depth) {
      --Depth;
    }
  }
  return Max;
}

namespace {

/// tree-sitter 0.20.7 stores a node's child count in 16 bits: error recovery
/// over more than 65 535 pieces (70 000 lines of `x = not`) makes a node
/// whose count wrapped. Its children then no longer cover it. (Valid code
/// never makes such a node: repetitions are balanced.)
bool childCountOverflowed(TSTree *T, llvm::StringRef Source) {
  TSNode Root = ts_tree_root_node(T);
  if (!ts_node_has_error(Root))
    return false;
  TSTreeCursor C = ts_tree_cursor_new(Root);
  bool Bad = false;
  for (bool Done = false; !Done && !Bad;) {
    TSNode N = ts_tree_cursor_current_node(&C);
    uint32_t Count = ts_node_child_count(N);
    // Children are placed from the node's start by their sizes: with a
    // wrapped count they end short of the node, leaving code uncovered
    // (whitespace after the last child is normal: the module's final
    // newline).
    if (Count) {
      uint32_t End = ts_node_end_byte(ts_node_child(N, Count - 1));
      uint32_t NodeEnd = std::min<uint32_t>(ts_node_end_byte(N), Source.size());
      for (uint32_t B = End; B < NodeEnd && !Bad; ++B)
        Bad = !llvm::StringRef(" \t\n\r\f\v\\").contains(Source[B]);
    }
    // Only subtrees with an error can hold such a node.
    if (!Bad && ts_node_has_error(N) && ts_tree_cursor_goto_first_child(&C))
      continue;
    while (!Bad && !ts_tree_cursor_goto_next_sibling(&C))
      if (!ts_tree_cursor_goto_parent(&C)) {
        Done = true;
        break;
      }
  }
  ts_tree_cursor_delete(&C);
  return Bad;
}

/// Keeps a tree that cannot be deleted (see childCountOverflowed) reachable
/// for the life of the process, so leak checkers do not report it and it is
/// never freed twice.
void keepUndeletable(TSTree *T) {
  static std::mutex Lock;
  static std::vector<TSTree *> *Kept = new std::vector<TSTree *>();
  std::lock_guard<std::mutex> Guard(Lock);
  Kept->push_back(T);
}

} // namespace

std::unique_ptr<Tree> Tree::parse(std::string Source, std::string *Problem) {
  auto Fail = [&](std::string Why) -> std::unique_ptr<Tree> {
    if (Problem)
      *Problem = std::move(Why);
    return nullptr;
  };
  if (nesting(Source) > MaxNesting)
    return Fail("brackets nested deeper than " + std::to_string(MaxNesting));
  std::unique_ptr<Tree> Out(new Tree());
  Out->Source = std::move(Source);
  TSParser *P = ts_parser_new();
  if (!ts_parser_set_language(P, tree_sitter_python())) {
    ts_parser_delete(P);
    return Fail("the Python grammar's ABI is not the tree-sitter runtime's");
  }
  // tree-sitter takes lengths as uint32_t: files over 4 GiB are refused by
  // the caller (PyFrontend reads at most MaxFileBytes).
  ts_parser_set_timeout_micros(P, parseBudgetMicros(Out->Source.size()));
  TSTree *T = ts_parser_parse_string(P, nullptr, Out->Source.data(),
                                     static_cast<uint32_t>(Out->Source.size()));
  ts_parser_delete(P);
  // With a timeout set, no tree means the budget ran out (or memory did).
  if (!T)
    return Fail(TimeoutError);
  if (childCountOverflowed(T, Out->Source)) {
    // The tree's memory is inconsistent: deleting it frees a pointer that
    // malloc never returned. It is kept, once per such file.
    keepUndeletable(T);
    return Fail(TooLargeError);
  }
  Out->copyNodes(T);
  ts_tree_delete(T);
  return Out;
}

void Tree::copyNodes(TSTree *TS) {
  TSTreeCursor C = ts_tree_cursor_new(ts_tree_root_node(TS));
  // The chain of ancestors, and the last child seen of each.
  std::vector<uint32_t> Path, LastChild;
  for (bool Done = false; !Done;) {
    TSNode N = ts_tree_cursor_current_node(&C);
    Entry E;
    E.Type = ts_node_type(N);
    E.TypeLen = static_cast<uint16_t>(std::min<size_t>(strlen(E.Type), 65535));
    E.Field = ts_tree_cursor_current_field_name(&C);
    E.FieldLen =
        E.Field ? static_cast<uint8_t>(std::min<size_t>(strlen(E.Field), 255))
                : 0;
    E.Start = std::min<uint32_t>(ts_node_start_byte(N), Source.size());
    E.End = std::max(E.Start,
                     std::min<uint32_t>(ts_node_end_byte(N), Source.size()));
    TSPoint P = ts_node_start_point(N), Q = ts_node_end_point(N);
    E.Line = P.row + 1;
    E.Column = P.column + 1;
    E.EndLine = Q.row + 1;
    E.Parent = Path.empty() ? None : Path.back();
    E.FirstChild = E.NextSibling = None;
    E.Named = ts_node_is_named(N);
    E.Missing = ts_node_is_missing(N);
    uint32_t Index = static_cast<uint32_t>(Nodes.size());
    if (!Path.empty()) {
      if (LastChild.back() == None)
        Nodes[Path.back()].FirstChild = Index;
      else
        Nodes[LastChild.back()].NextSibling = Index;
      LastChild.back() = Index;
    }
    Nodes.push_back(E);
    if (ts_tree_cursor_goto_first_child(&C)) {
      Path.push_back(Index);
      LastChild.push_back(None);
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&C)) {
      if (!ts_tree_cursor_goto_parent(&C)) {
        Done = true;
        break;
      }
      Path.pop_back();
      LastChild.pop_back();
    }
  }
  ts_tree_cursor_delete(&C);
}

Tree::~Tree() = default;

Node Tree::root() const { return {0, this}; }

std::vector<SyntaxError> Tree::errors(size_t MaxErrors) const {
  std::vector<SyntaxError> Out;
  // Pre-order: an error inside one already reported is skipped.
  uint32_t ReportedEnd = 0;
  bool Any = false;
  for (uint32_t I = 0; I < Nodes.size() && Out.size() < MaxErrors; ++I) {
    const Entry &E = Nodes[I];
    bool IsError = llvm::StringRef(E.Type, E.TypeLen) == "ERROR";
    if (!IsError && !E.Missing)
      continue;
    if (Any && E.Start < ReportedEnd)
      continue;
    Any = true;
    ReportedEnd = std::max(E.End, E.Start + 1);
    Node X(I, this);
    if (E.Missing) {
      Out.push_back({E.Line, E.Column, "expected '" + X.type().str() + "'"});
      continue;
    }
    llvm::StringRef Text = X.text().take_front(40);
    Text = Text.take_until([](char Ch) { return Ch == '\n'; });
    Out.push_back({E.Line, E.Column,
                   Text.empty() ? std::string("invalid syntax")
                                : "invalid syntax near '" + Text.str() + "'"});
  }
  return Out;
}

unsigned grammarVersion() { return ts_language_version(tree_sitter_python()); }

} // namespace hotpath::py
