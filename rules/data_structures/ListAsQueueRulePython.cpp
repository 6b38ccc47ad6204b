//===- ListAsQueueRulePython.cpp - q.pop(0) / q.insert(0, x) in a loop ----===//
#include "rules/PyRuleUtils.h"
#include "rules/data_structures/ListAsQueueRule.h"

namespace hotpath {

using namespace py;

ListAsQueueRule::ListAsQueueRule()
    : Rule("data-structures-list-as-queue", Category::DataStructures) {}

llvm::StringRef ListAsQueueRule::summary() const {
  return "a Python list is used as a queue (pop(0), insert(0, x)) in a "
         "loop: each call moves every element; use collections.deque";
}

void ListAsQueueRule::checkPython(const PyContext &Ctx, const Function &F,
                                  FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  walkOwnCode(F, [&](Node N) {
    Node Queue, At = N;
    std::string What;
    if (N.is("call")) {
      std::vector<Node> Args = positionalArgs(N);
      llvm::StringRef Method = methodOf(N);
      if (((Method == "pop" && Args.size() == 1) ||
           (Method == "insert" && Args.size() == 2)) &&
          intLiteral(Args[0]) == 0) {
        Queue = N.field("function").field("object");
        What = Method == "pop" ? "removes the first element"
                               : "inserts at the front";
      }
    } else if (N.is("delete_statement")) {
      // `del q[0]`.
      Node Target = N.namedChild(0);
      std::vector<Node> Subs = Target.is("subscript")
                                   ? Target.fields("subscript")
                                   : std::vector<Node>();
      if (Subs.size() == 1 && intLiteral(Subs[0]) == 0) {
        Queue = Target.field("value");
        What = "removes the first element";
      }
    }
    if (!Queue.is("identifier") && !Queue.is("attribute"))
      return true;
    const Loop *L = enclosingLoop(M, F, N);
    if (!L || M.kindOf(Queue, F) != Kind::List ||
        ModuleFacts::onErrorPath(N, *L) || leavesLoop(N, *L))
      return true;
    // A list the iteration builds loses one element per build: nothing is
    // drained from the front.
    if (Queue.is("identifier") && assignedIn(*L, Queue.text().str()))
      return true;
    Finding Out = makeFinding(Ctx, At, F, L);
    Out.Api = "list." + std::string(What[0] == 'r' ? "pop" : "insert");
    Out.Message = "'" + PyContext::snippet(N) + "' " + What + " of the list '" +
                  Queue.text().str() + "' on every iteration of the " +
                  PyContext::loopPhrase(*L) +
                  ": each call moves every other element";
    Out.FixHint = "make '" + Queue.text().str() +
                  "' a collections.deque and use popleft() / appendleft() "
                  "(O(1) at both ends), or reverse the list and work at its "
                  "end";
    Sink.report(std::move(Out));
    return true;
  });
}

} // namespace hotpath
