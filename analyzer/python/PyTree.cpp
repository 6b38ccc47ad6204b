//===- PyTree.cpp ---------------------------------------------------------===//
#include "analyzer/python/PyTree.h"

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

std::unique_ptr<Tree> Tree::parse(std::string Source) {
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
