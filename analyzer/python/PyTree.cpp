//===- PyTree.cpp ---------------------------------------------------------===//
#include "analyzer/python/PyTree.h"

#include "llvm/ADT/StringExtras.h"

#include <tree_sitter/api.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <mutex>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

extern "C" const TSLanguage *tree_sitter_python(void);

namespace hotpath::py {

std::vector<Node> Node::fields(llvm::StringRef Name) const {
  std::vector<Node> Out;
  if (null())
    return Out;
  for (uint32_t C = T->Nodes[I].FirstChild; C != Tree::None;
       C = T->Nodes[C].NextSibling) {
    const auto &E = T->Nodes[C];
    if (E.Field && T->Fields[E.Field] == Name)
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

/// The grammar's node type and field names, indexed as Tree::Entry's
/// Symbol and Field: tree-sitter's symbols, then "ERROR" and "_ERROR"
/// (whose symbols are 65535 and 65534); fields from 1, 0 meaning none.
struct Grammar {
  std::vector<llvm::StringRef> Symbols, Fields;
  static const Grammar &get() {
    static const Grammar G;
    return G;
  }

private:
  Grammar() {
    const TSLanguage *L = tree_sitter_python();
    uint32_t N = ts_language_symbol_count(L);
    for (uint32_t S = 0; S < N && S < 65534; ++S) {
      const char *Name = ts_language_symbol_name(L, static_cast<TSSymbol>(S));
      Symbols.push_back(Name ? Name : "");
    }
    Symbols.push_back("ERROR");
    Symbols.push_back("_ERROR");
    Fields.push_back("");
    uint32_t F = ts_language_field_count(L);
    // Entry::Field has 8 bits; the Python grammar has ~30 fields.
    for (uint32_t I = 1; I <= F && I < 256; ++I) {
      const char *Name =
          ts_language_field_name_for_id(L, static_cast<TSFieldId>(I));
      Fields.push_back(Name ? Name : "");
    }
  }
};

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

namespace {

bool writeAll(int Fd, const char *Data, size_t Size) {
  while (Size) {
    ssize_t W = write(Fd, Data, Size);
    if (W < 0 && errno == EINTR)
      continue;
    if (W <= 0)
      return false;
    Data += W;
    Size -= static_cast<size_t>(W);
  }
  return true;
}

/// Reads exactly `Size` bytes, or fewer when the writer ends first.
size_t readAll(int Fd, char *Data, size_t Size) {
  size_t Got = 0;
  while (Got < Size) {
    ssize_t R = read(Fd, Data + Got, Size - Got);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0)
      break;
    Got += static_cast<size_t>(R);
  }
  return Got;
}

} // namespace

std::unique_ptr<Tree> Tree::parseIsolated(std::string Source,
                                          std::string *Problem) {
  // Below 65 536 tokens no node can have the children that the 16-bit
  // count wraps on.
  if (Source.size() < (size_t(1) << 16) ||
      tokenBound(Source) < (size_t(1) << 16) || nesting(Source) > MaxNesting)
    return parse(std::move(Source), Problem);
  // The grammar's tables exist before the fork: a child must not wait on
  // a static's initialisation that another thread was doing.
  (void)Grammar::get();
  int Pipe[2];
  if (pipe(Pipe) != 0)
    return parse(std::move(Source), Problem); // no pipe to spare
  pid_t Child = fork();
  if (Child < 0) {
    close(Pipe[0]);
    close(Pipe[1]);
    return parse(std::move(Source), Problem);
  }
  if (Child == 0) {
    // glibc's report of the bad free is not ours to print.
    setenv("LIBC_FATAL_STDERR_", "1", 1);
    int Null = open("/dev/null", O_WRONLY);
    if (Null >= 0)
      dup2(Null, 2);
    // Other threads' pipes stay theirs: their readers wait for their
    // writers only.
    int W = Pipe[1];
    if (W > 3)
      close_range(3, static_cast<unsigned>(W - 1), 0);
    close_range(static_cast<unsigned>(W + 1), ~0u, 0);
    // The parse budget bounds the parse; the alarm, anything after it.
    alarm(static_cast<unsigned>(parseBudgetMicros(Source.size()) / 1'000'000 +
                                30));
    std::string Why;
    std::unique_ptr<Tree> T = parse(Source, &Why);
    if (!T)
      _exit(Why == TimeoutError ? 3 : 4);
    uint64_t Size = T->Nodes.size() * sizeof(Entry);
    bool Sent =
        writeAll(W, reinterpret_cast<const char *>(&Size), sizeof Size) &&
        writeAll(W, reinterpret_cast<const char *>(T->Nodes.data()), Size);
    _exit(Sent ? 0 : 5);
  }
  close(Pipe[1]);
  uint64_t Size = 0;
  std::string Bytes;
  if (readAll(Pipe[0], reinterpret_cast<char *>(&Size), sizeof Size) ==
          sizeof Size &&
      Size <= uint64_t(Source.size() + 16) * 8 * sizeof(Entry)) {
    Bytes.resize(Size);
    Bytes.resize(readAll(Pipe[0], Bytes.data(), Size));
  }
  close(Pipe[0]);
  int Status = 0;
  while (waitpid(Child, &Status, 0) < 0)
    if (errno != EINTR) {
      Status = -1;
      break;
    }
  int Exit = Status >= 0 && WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
  if (Exit == 0) {
    std::unique_ptr<Tree> Out(new Tree());
    Out->Source = std::move(Source);
    if (Out->adoptNodes(Bytes))
      return Out;
  }
  // A refusal other than the budget's is quick: its reason comes from a
  // parse here.
  if (Exit == 4)
    return parse(std::move(Source), Problem);
  if (Problem)
    *Problem = Exit == 3 ? TimeoutError : TooLargeError;
  return nullptr;
}

void Tree::copyNodes(TSTree *TS) {
  // A node per ~4 bytes of source is typical of Python.
  Nodes.reserve(Source.size() / 4 + 16);
  TSTreeCursor C = ts_tree_cursor_new(ts_tree_root_node(TS));
  // The chain of ancestors, and the last child seen of each.
  std::vector<uint32_t> Path, LastChild;
  for (bool Done = false; !Done;) {
    TSNode N = ts_tree_cursor_current_node(&C);
    Entry E;
    TSSymbol Sym = ts_node_symbol(N);
    // The two error symbols (65535, 65534) sit past the grammar's own.
    E.Symbol = Sym < SymbolCount - 2              ? Sym
               : Sym == static_cast<TSSymbol>(-1) ? SymbolCount - 2
                                                  : SymbolCount - 1;
    TSFieldId F = ts_tree_cursor_current_field_id(&C);
    E.Field = F < FieldCount ? static_cast<uint8_t>(F) : 0;
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

bool Tree::adoptNodes(llvm::StringRef Bytes) {
  if (Bytes.empty() || Bytes.size() % sizeof(Entry))
    return false;
  std::vector<Entry> In(Bytes.size() / sizeof(Entry));
  memcpy(In.data(), Bytes.data(), Bytes.size());
  // Pre-order: a parent comes before its children, a child before its
  // next sibling; spans lie in the source.
  uint32_t N = static_cast<uint32_t>(In.size());
  for (uint32_t I = 0; I < N; ++I) {
    const Entry &E = In[I];
    if ((I == 0) != (E.Parent == None) || (I && E.Parent >= I) ||
        (E.FirstChild != None && (E.FirstChild <= I || E.FirstChild >= N)) ||
        (E.NextSibling != None && (E.NextSibling <= I || E.NextSibling >= N)) ||
        E.Start > E.End || E.End > Source.size() || E.Symbol >= SymbolCount ||
        E.Field >= FieldCount)
      return false;
  }
  Nodes = std::move(In);
  return true;
}

Tree::Tree() {
  const Grammar &G = Grammar::get();
  Symbols = G.Symbols.data();
  SymbolCount = static_cast<uint32_t>(G.Symbols.size());
  Fields = G.Fields.data();
  FieldCount = static_cast<uint32_t>(G.Fields.size());
}

Tree::~Tree() = default;

std::vector<SyntaxError> Tree::errors(size_t MaxErrors) const {
  std::vector<SyntaxError> Out;
  // Pre-order: an error inside one already reported is skipped.
  uint32_t ReportedEnd = 0;
  bool Any = false;
  for (uint32_t I = 0; I < Nodes.size() && Out.size() < MaxErrors; ++I) {
    const Entry &E = Nodes[I];
    bool IsError = Symbols[E.Symbol] == "ERROR";
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
