//===- PyFactsTest.cpp - The Python frontend's facts ----------------------===//
#include "analyzer/python/PyFacts.h"

#include <gtest/gtest.h>

namespace hotpath::py {
namespace {

struct Parsed {
  explicit Parsed(const std::string &Src)
      : T(Tree::parse(Src)), Classes(), Facts((Classes.add(*T), *T), Classes) {}
  std::unique_ptr<Tree> T;
  ProjectClasses Classes;
  ModuleFacts Facts;

  const Function &function(const std::string &Name) const {
    for (const Function &F : Facts.functions())
      if (F.Name == Name)
        return F;
    ADD_FAILURE() << "no function " << Name;
    return Facts.functions().front();
  }
  Kind kind(const std::string &Fn, const std::string &Name) const {
    const Function &F = function(Fn);
    auto It = F.Kinds.find(Name);
    return It == F.Kinds.end() ? Kind::Unknown : It->second;
  }
  /// The first node of `Type` whose text is `Text`.
  Node find(llvm::StringRef Type, llvm::StringRef Text) const {
    Node Found;
    walk(T->root(), [&](Node N) {
      if (!Found && N.is(Type) && N.text() == Text)
        Found = N;
      return !Found;
    });
    return Found;
  }
};

TEST(PyFacts, GrammarIsAbi14) { EXPECT_EQ(grammarVersion(), 14u); }

TEST(PyFacts, ImportsResolveToQualifiedNames) {
  Parsed P("import torch.nn as nn\nimport numpy as np\nimport torch\n"
           "from faiss import IndexFlatL2 as Flat\nfrom torch.utils import "
           "data\nnn.Linear\nnp.zeros\nFlat\ndata.DataLoader\ntorch.cuda.is_"
           "available\nlocal.attr\n");
  EXPECT_EQ(P.Facts.qualify(P.find("attribute", "nn.Linear")),
            "torch.nn.Linear");
  EXPECT_EQ(P.Facts.qualify(P.find("attribute", "np.zeros")), "numpy.zeros");
  EXPECT_EQ(P.Facts.qualify(P.find("identifier", "Flat")), "faiss.IndexFlatL2");
  EXPECT_EQ(P.Facts.qualify(P.find("attribute", "data.DataLoader")),
            "torch.utils.data.DataLoader");
  EXPECT_EQ(P.Facts.qualify(P.find("attribute", "torch.cuda.is_available")),
            "torch.cuda.is_available");
  // Not imported: the name as written.
  EXPECT_EQ(P.Facts.qualify(P.find("attribute", "local.attr")), "local.attr");
}

TEST(PyFacts, KindsFromBindingsAndClasses) {
  Parsed P(R"(import torch
import torch.nn as nn
import faiss
from torch.utils.data import DataLoader

class Base(nn.Module):
    pass

class Net(Base):
    def __init__(self):
        self.enc = nn.Linear(2, 2)
        self.maybe = nn.Linear(2, 2)

    def reset(self):
        self.maybe = None

def f(index: faiss.Index, names: list):
    m = Net().to("cpu").eval()
    j = torch.jit.load("m.pt")
    idx = faiss.IndexFlatL2(8)
    dl = DataLoader(range(10), batch_size=2)
    t = torch.zeros(3)
    s = ""
    s = s + "x"
    both = []
    both = "now a string"
    xs = [1, 2]
    seen = set()
)");
  EXPECT_EQ(P.kind("f", "m"), Kind::Model);
  EXPECT_EQ(P.kind("f", "j"), Kind::Model);
  EXPECT_EQ(P.kind("f", "idx"), Kind::FaissIndex);
  EXPECT_EQ(P.kind("f", "index"), Kind::FaissIndex);
  EXPECT_EQ(P.kind("f", "names"), Kind::List);
  EXPECT_EQ(P.kind("f", "dl"), Kind::DataLoader);
  EXPECT_EQ(P.kind("f", "t"), Kind::Tensor);
  // `s = s + "x"` keeps what s holds.
  EXPECT_EQ(P.kind("f", "s"), Kind::Str);
  // Bindings that disagree: unknown, never guessed.
  EXPECT_EQ(P.kind("f", "both"), Kind::Unknown);
  EXPECT_EQ(P.kind("f", "xs"), Kind::List);
  EXPECT_EQ(P.kind("f", "seen"), Kind::Set);
  // self.x from every method of the class.
  const Function &Init = P.function("Net.__init__");
  EXPECT_EQ(P.Facts.kindOf(P.find("attribute", "self.enc"), Init), Kind::Model);
  EXPECT_EQ(P.Facts.kindOf(P.find("attribute", "self.maybe"), Init),
            Kind::Unknown);
  EXPECT_TRUE(P.Classes.isModule("Net"));
  EXPECT_FALSE(P.Classes.isModule("Other"));
}

TEST(PyFacts, LoopsKnowBatchesItemsAndWrites) {
  Parsed P(R"(from torch.utils.data import DataLoader
def f(ds, xs, path, n):
    loader = DataLoader(ds, batch_size=4)
    for b in loader:
        pass
    for i, b in enumerate(loader):
        pass
    for i in range(0, n, 64):
        pass
    for i in range(len(xs)):
        with open(path) as fh:
            y = fh.read()
    for line in open(path):
        pass
    for mode in ("a", "b"):
        print(mode)
    for x in xs:
        pass
    return [x * 2 for x in range(n)]
)");
  const Function &F = P.function("f");
  ASSERT_EQ(F.Loops.size(), 8u);
  EXPECT_TRUE(F.Loops[0].Batches);
  EXPECT_TRUE(F.Loops[1].Batches);
  EXPECT_TRUE(F.Loops[2].Batches);
  EXPECT_FALSE(F.Loops[2].Items);
  EXPECT_TRUE(F.Loops[3].Items);
  EXPECT_EQ(F.Loops[3].Index, "i");
  EXPECT_TRUE(F.Loops[3].Written.count("fh"));
  EXPECT_TRUE(F.Loops[3].Written.count("y"));
  EXPECT_TRUE(F.Loops[4].TextItems);
  EXPECT_TRUE(F.Loops[5].ShortTrip);
  EXPECT_TRUE(F.Loops[5].Prints);
  // Unknown iterable: neither items nor batches.
  EXPECT_FALSE(F.Loops[6].Items);
  EXPECT_FALSE(F.Loops[6].Batches);
  EXPECT_TRUE(F.Loops[7].Comprehension);
  EXPECT_EQ(F.Loops[7].Elements, std::vector<std::string>{"x"});
}

TEST(PyFacts, ParametersTakeTheKindTheCallSitesAgreeOn) {
  Parsed P(R"(import torch
import torch.nn as nn
import faiss

class Net(nn.Module):
    pass

def helper(model, index, rows, other):
    pass

def mixed(x):
    pass

def callback(model):
    pass

class Svc:
    def __init__(self):
        self.net = Net()

    def run(self):
        return self._step(self.net, x=torch.zeros(2))

    def _step(self, net, x):
        pass

def caller(unknown):
    helper(Net(), faiss.IndexFlatL2(4), [1, 2], unknown)
    helper(Net().eval(), index=faiss.IndexFlatL2(4), rows=[], other=3)
    mixed(Net())
    mixed([1])
    callback(Net())
    register(callback)
)");
  EXPECT_EQ(P.kind("helper", "model"), Kind::Model);
  EXPECT_EQ(P.kind("helper", "index"), Kind::FaissIndex);
  EXPECT_EQ(P.kind("helper", "rows"), Kind::List);
  // One call site passes a parameter of unknown kind.
  EXPECT_EQ(P.kind("helper", "other"), Kind::Unknown);
  // The call sites disagree.
  EXPECT_EQ(P.kind("mixed", "x"), Kind::Unknown);
  // Used as a callback: its call sites are not all in view.
  EXPECT_EQ(P.kind("callback", "model"), Kind::Unknown);
  // A method called as self.method(...): positions after self, keywords.
  EXPECT_EQ(P.kind("Svc._step", "net"), Kind::Model);
  EXPECT_EQ(P.kind("Svc._step", "x"), Kind::Tensor);
}

TEST(PyFacts, ImportedFunctionsAreNamedByModuleAndName) {
  Parsed P(R"(import pkg.util
import pkg.util as u
from pkg.util import score
from .helpers import embed as emb
from . import tools
import torch

score(1)
u.rank(2)
pkg.util.top(3)
emb(4)
tools.run(5)
torch.load(6)
local(7)
)");
  std::vector<std::string> Got;
  walk(P.T->root(), [&](Node N) {
    if (N.is("call"))
      Got.push_back(P.Facts.moduleAndName(N.field("function")));
    return true;
  });
  EXPECT_EQ(Got, (std::vector<std::string>{"util.score", "util.rank",
                                           "util.top", "helpers.embed",
                                           "tools.run", "torch.load", ""}));
}

TEST(PyFacts, CallSitesInOtherFilesGiveKinds) {
  // caller.py passes a model and a list to util.py's helpers; what it
  // passes (outgoing) is what util.py's parameters take (incoming).
  Parsed Caller(R"(import torch.nn as nn
from util import embed, mixed, hook
import util

def main(rows):
    net = nn.Linear(4, 2)
    embed(net, [1, 2])
    util.mixed(net)
    register(hook)
)");
  const CallTable &Out = Caller.Facts.outgoing();
  ASSERT_TRUE(Out.count("util.embed"));
  EXPECT_EQ(Out.at("util.embed").Positional,
            (std::vector<std::optional<Kind>>{Kind::Model, Kind::List}));
  EXPECT_FALSE(Out.at("util.embed").Escaped);
  // Passed as a callback: its call sites are not all known.
  ASSERT_TRUE(Out.count("util.hook"));
  EXPECT_TRUE(Out.at("util.hook").Escaped);
  CallTable In;
  for (const auto &[Remote, Args] : Out)
    In[llvm::StringRef(Remote).rsplit('.').second.str()].merge(Args);
  // util.py calls mixed itself with a list: the sites disagree.
  std::unique_ptr<Tree> T = Tree::parse(R"(def embed(model, items):
    pass

def mixed(x):
    pass

def hook(model):
    pass

def own():
    mixed([1])
)");
  ProjectClasses Classes;
  ModuleFacts Util(*T, Classes, ImportTable(*T), &In);
  auto KindOf = [&](const std::string &Fn, const std::string &Name) {
    for (const Function &F : Util.functions())
      if (F.Name == Fn && F.Kinds.count(Name))
        return F.Kinds.at(Name);
    return Kind::Unknown;
  };
  EXPECT_EQ(KindOf("embed", "model"), Kind::Model);
  EXPECT_EQ(KindOf("embed", "items"), Kind::List);
  EXPECT_EQ(KindOf("mixed", "x"), Kind::Unknown);
  EXPECT_EQ(KindOf("hook", "model"), Kind::Unknown);
  // Without the other file's call sites, nothing is known.
  ModuleFacts Alone(*T, Classes, ImportTable(*T));
  for (const Function &F : Alone.functions())
    if (F.Name == "embed")
      EXPECT_EQ(F.Kinds.at("model"), Kind::Unknown);
}

TEST(PyFacts, NoGradFromWithAndDecorator) {
  Parsed P(R"(import torch

def f(model, x):
    a = model(x)
    with torch.no_grad():
        b = model(x)
    with open("p") as fh, torch.inference_mode():
        c = model(x)

@torch.no_grad()
def g(model, x):
    return model(x)
)");
  const Function &F = P.function("f");
  EXPECT_FALSE(P.Facts.noGrad(F, P.find("assignment", "a = model(x)")));
  EXPECT_TRUE(P.Facts.noGrad(F, P.find("assignment", "b = model(x)")));
  EXPECT_TRUE(P.Facts.noGrad(F, P.find("assignment", "c = model(x)")));
  EXPECT_TRUE(P.Facts.noGrad(P.function("g"),
                             P.find("return_statement", "return model(x)")));
}

TEST(PyFacts, SyntaxErrorsAreLocal) {
  Parsed P("def broken(:\n    pass\n\ndef fine(xs):\n    for x in xs:\n"
           "        pass\n");
  std::vector<SyntaxError> E = P.T->errors();
  ASSERT_FALSE(E.empty());
  EXPECT_EQ(E.front().Line, 1u);
  // The rest of the file is still read.
  EXPECT_EQ(P.function("fine").Loops.size(), 1u);
}

TEST(PyFacts, AnyBytesAndDeepNesting) {
  // Brackets nested past the bound are refused before tree-sitter sees them
  // (tree-sitter 0.20.7 corrupts its heap at ~60 000 levels).
  EXPECT_EQ(Tree::parse(std::string(100000, '(')), nullptr);
  EXPECT_EQ(Tree::nesting("f(((x)))  # ((((\ns = '(((('\n"), 3u);
  EXPECT_NE(Tree::parse(std::string(Tree::MaxNesting, '[')), nullptr);
  // Long chains are deep trees too: an attribute chain, unary operators.
  std::string Attrs = "x = a";
  for (int I = 0; I < 100000; ++I)
    Attrs += ".b";
  for (const std::string &Code :
       {Attrs, "y = " + std::string(100000, '-') + "1"}) {
    Parsed P(Code + "\n");
    EXPECT_GE(P.Facts.functions().size(), 1u);
    EXPECT_TRUE(P.T->errors().empty());
  }
  // A dangling chain of 100 000 operators: error recovery over more pieces
  // than tree-sitter's 16-bit child count holds.
  EXPECT_EQ(Tree::parse("x = 1" + std::string(100000, '+') + "\n"), nullptr);
  Parsed B(std::string("x = '\xff\xfe\0\x01'\n", 12));
  EXPECT_GE(B.Facts.functions().size(), 1u);
  // Error recovery over more than 65 535 pieces wraps tree-sitter 0.20.7's
  // 16-bit child count: the tree is refused, not read or freed.
  std::string Lambdas = "x = ";
  for (int I = 0; I < 70000; ++I)
    Lambdas += "lambda: ";
  EXPECT_EQ(Tree::parse(Lambdas + "\n"), nullptr);
}

/// Every node of `T`, pre-order, as "type start-end line:column field-less".
std::vector<std::string> dump(const Tree &T) {
  std::vector<std::string> Out;
  walk(T.root(), [&](Node N) {
    Out.push_back(N.type().str() + " " + std::to_string(N.startByte()) + "-" +
                  std::to_string(N.endByte()) + " " + std::to_string(N.line()) +
                  ":" + std::to_string(N.column()) + " " +
                  N.field("body").type().str());
    return true;
  });
  return Out;
}

TEST(PyTree, ParsesPython312) {
  // PEP 695 type aliases and parameters, match, f-strings nested in
  // f-strings, walrus, async comprehension, except*: no syntax error.
  std::unique_ptr<Tree> T = Tree::parse(R"(type Vector = list[float]

def first[T](xs: list[T]) -> T:
    return xs[0]

class Box[T]:
    def __init__(self, v: T) -> None:
        self.v = v

def describe(p):
    match p:
        case {"x": x, "y": y}:
            return f"{x=} {y!r:>{10}}"
        case [a, *rest] if (n := len(rest)) > 2:
            return f"{'nested ' + f'{a}'} {n}"
        case _:
            return None

async def g(xs):
    async with ctx() as c:
        return [x async for x in xs]
    try:
        pass
    except* ValueError as e:
        raise
)");
  ASSERT_NE(T, nullptr);
  EXPECT_TRUE(T->errors().empty())
      << T->errors().front().Line << ": " << T->errors().front().Message;
}

TEST(PyTree, AParseInAChildGivesTheSameTree) {
  // Past 65 536 tokens parseIsolated parses in a child process and takes
  // its nodes back through a pipe: node for node the tree of an
  // in-process parse, syntax errors included.
  std::string Source;
  for (int I = 0; I < 12000; ++I)
    Source += "def f" + std::to_string(I) + "(a, b):\n    return g(a, b[1])\n";
  Source += "x = (1,\n";
  ASSERT_GE(Tree::tokenBound(Source), size_t(1) << 16);
  std::unique_ptr<Tree> Here = Tree::parse(Source);
  std::string Problem;
  std::unique_ptr<Tree> There = Tree::parseIsolated(Source, &Problem);
  ASSERT_NE(Here, nullptr);
  ASSERT_NE(There, nullptr) << Problem;
  EXPECT_EQ(dump(*Here), dump(*There));
  ASSERT_FALSE(There->errors().empty());
  EXPECT_EQ(There->errors().front().Line, Here->errors().front().Line);
  EXPECT_EQ(There->source(), Source);
}

} // namespace
} // namespace hotpath::py
