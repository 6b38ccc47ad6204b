//===- PyTree.cpp ---------------------------------------------------------===//
#include "analyzer/python/PyTree.h"

#include <algorithm>

extern "C" const TSLanguage *tree_sitter_python(void);

namespace hotpath::py {

llvm::StringRef Node::type() const {
  return null() ? llvm::StringRef() : llvm::StringRef(ts_node_type(N));
}

Node Node::field(llvm::StringRef Name) const {
  if (null())
    return {};
  return {ts_node_child_by_field_name(N, Name.data(), Name.size()), T};
}

unsigned Node::namedChildCount() const {
  return null() ? 0 : ts_node_named_child_count(N);
}

Node Node::namedChild(unsigned I) const {
  if (I >= namedChildCount())
    return {};
  return {ts_node_named_child(N, I), T};
}

std::vector<Node> Node::namedChildren() const {
  std::vector<Node> Out;
  if (null())
    return Out;
  // A cursor walks the children in linear time (ts_node_named_child is
  // linear in the index).
  TSTreeCursor C = ts_tree_cursor_new(N);
  if (ts_tree_cursor_goto_first_child(&C)) {
    do {
      TSNode Child = ts_tree_cursor_current_node(&C);
      if (ts_node_is_named(Child))
        Out.push_back({Child, T});
    } while (ts_tree_cursor_goto_next_sibling(&C));
  }
  ts_tree_cursor_delete(&C);
  return Out;
}

std::vector<Node> Node::fields(llvm::StringRef Name) const {
  std::vector<Node> Out;
  if (null())
    return Out;
  TSTreeCursor C = ts_tree_cursor_new(N);
  if (ts_tree_cursor_goto_first_child(&C)) {
    do {
      const char *F = ts_tree_cursor_current_field_name(&C);
      if (F && Name == F)
        Out.push_back({ts_tree_cursor_current_node(&C), T});
    } while (ts_tree_cursor_goto_next_sibling(&C));
  }
  ts_tree_cursor_delete(&C);
  return Out;
}

std::vector<llvm::StringRef> Node::tokens() const {
  std::vector<llvm::StringRef> Out;
  if (null())
    return Out;
  TSTreeCursor C = ts_tree_cursor_new(N);
  if (ts_tree_cursor_goto_first_child(&C)) {
    do {
      TSNode Child = ts_tree_cursor_current_node(&C);
      if (!ts_node_is_named(Child))
        Out.push_back(ts_node_type(Child));
    } while (ts_tree_cursor_goto_next_sibling(&C));
  }
  ts_tree_cursor_delete(&C);
  return Out;
}

Node Node::parent() const {
  return null() ? Node() : Node(ts_node_parent(N), T);
}

llvm::StringRef Node::text() const {
  if (null())
    return {};
  const std::string &S = T->source();
  uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
  if (B > S.size() || E > S.size() || E < B)
    return {};
  return llvm::StringRef(S).slice(B, E);
}

unsigned Node::line() const {
  return null() ? 0 : ts_node_start_point(N).row + 1;
}
unsigned Node::column() const {
  return null() ? 0 : ts_node_start_point(N).column + 1;
}
unsigned Node::endLine() const {
  return null() ? 0 : ts_node_end_point(N).row + 1;
}

bool Node::encloses(const Node &Other) const {
  return !null() && !Other.null() && startByte() <= Other.startByte() &&
         Other.endByte() <= endByte();
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

} // namespace

std::unique_ptr<Tree> Tree::parse(std::string Source) {
  if (nesting(Source) > MaxNesting)
    return nullptr;
  std::unique_ptr<Tree> Out(new Tree());
  Out->Source = std::move(Source);
  TSParser *P = ts_parser_new();
  if (!ts_parser_set_language(P, tree_sitter_python())) {
    ts_parser_delete(P);
    return nullptr;
  }
  // tree-sitter takes lengths as uint32_t: files over 4 GiB are refused by
  // the caller (PyFrontend reads at most MaxFileBytes).
  Out->T = ts_parser_parse_string(P, nullptr, Out->Source.data(),
                                  static_cast<uint32_t>(Out->Source.size()));
  ts_parser_delete(P);
  if (!Out->T)
    return nullptr;
  if (childCountOverflowed(Out->T, Out->Source)) {
    // The tree's memory is inconsistent: deleting it frees a pointer that
    // malloc never returned. It is leaked, once per such file.
    Out->T = nullptr;
    return nullptr;
  }
  return Out;
}

Tree::~Tree() {
  if (T)
    ts_tree_delete(T);
}

Node Tree::root() const { return {ts_tree_root_node(T), this}; }

std::vector<SyntaxError> Tree::errors(size_t MaxErrors) const {
  std::vector<SyntaxError> Out;
  Node Root = root();
  if (!ts_node_has_error(ts_tree_root_node(T)))
    return Out;
  // Iterative pre-order walk over the subtrees that contain an error.
  TSTreeCursor C = ts_tree_cursor_new(ts_tree_root_node(T));
  bool Done = false;
  while (!Done && Out.size() < MaxErrors) {
    TSNode N = ts_tree_cursor_current_node(&C);
    bool Descend = false;
    if (ts_node_is_missing(N)) {
      Node X(N, this);
      Out.push_back({X.line(), X.column(),
                     "expected '" + std::string(ts_node_type(N)) + "'"});
    } else if (llvm::StringRef(ts_node_type(N)) == "ERROR") {
      Node X(N, this);
      llvm::StringRef Text = X.text().take_front(40);
      Text = Text.take_until([](char Ch) { return Ch == '\n'; });
      Out.push_back({X.line(), X.column(),
                     Text.empty()
                         ? std::string("invalid syntax")
                         : "invalid syntax near '" + Text.str() + "'"});
    } else {
      Descend = ts_node_has_error(N);
    }
    if (Descend && ts_tree_cursor_goto_first_child(&C))
      continue;
    while (!ts_tree_cursor_goto_next_sibling(&C)) {
      if (!ts_tree_cursor_goto_parent(&C)) {
        Done = true;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&C);
  (void)Root;
  return Out;
}

unsigned grammarVersion() { return ts_language_version(tree_sitter_python()); }

} // namespace hotpath::py
