//===- PyRuleUtils.h - What the Python halves of the rules share ----------===//
#ifndef HOTPATH_RULES_PYRULEUTILS_H
#define HOTPATH_RULES_PYRULEUTILS_H

#include "analyzer/python/PyContext.h"

#include <set>
#include <string>
#include <vector>

namespace hotpath::py {

/// `obj.method(args)`: the method name, else empty.
llvm::StringRef methodOf(Node Call);
/// A training step: `.backward()` or an optimizer's `.step()`.
bool trainingStep(Node Call);
/// Whether F trains: a training step, or `model.train()`, anywhere in its
/// own code (its model calls are training, not inference).
bool trains(const Function &F);
/// Whether loop `L` trains on every iteration: a training step in its body
/// outside any branch.
bool trains(const Loop &L);
/// Every call node of F's own code, in source order.
inline const std::vector<Node> &callsIn(const Function &F) { return F.Calls; }
/// Names assigned in loop `L` from expressions that read `Seeds`, closed
/// over the loop's assignments (a def-use closure), plus `Seeds`.
std::set<std::string> derivedNames(const Loop &L, std::set<std::string> Seeds);
/// The names the loop's items reach: its elements, its index, and what the
/// loop computes from them.
std::set<std::string> itemNames(const Loop &L);
/// The names a call's result is assigned to in its statement
/// (`out, h = rnn(x, h)`: out, h), closed over the loop's assignments.
std::set<std::string> resultNames(const Loop &L, Node Call);
/// Why `Arg` is one item of the loop (`x[None]`, `x.unsqueeze(0)`,
/// `x.reshape(1, -1)`, `[x]`, `x[i:i+1]`, `x[i]`), reading the loop's items;
/// empty when it is not item-shaped. `Plain` is also true for the element
/// itself (or what is computed from it) when the loop iterates items.
std::string itemShape(const ModuleFacts &M, const Function &F, const Loop &L,
                      Node Arg, bool Plain);
/// Whether the statement holding `N` in loop `L` leaves the loop: a return,
/// or a statement followed in its block by `break` or `return` (a retry
/// loop runs its body once when it succeeds).
bool leavesLoop(Node N, const Loop &L);
/// Whether every binding of `Name` in `F` is a file object (`f =
/// open(p)`, `with open(p) as f`): reading from it moves its position.
bool fileObject(const Function &F, const std::string &Name);
/// The assignments `Name = …` under `Region` (and with `Augmented` also
/// `Name += …`), not in nested defs, lambdas or classes, in source order.
std::vector<Node> assignmentsTo(Node Region, llvm::StringRef Name,
                                bool Augmented = false);
/// The value `Name` is bound to in F's own code when that assignment is its
/// only one; null otherwise.
Node onlyBinding(const Function &F, llvm::StringRef Name);
/// Whether loop `L`'s body assigns `Name` (`xs = list(…)` per iteration).
bool assignedIn(const Loop &L, const std::string &Name);
/// Whether function `F` grows or edits the list `Name` (`.append`,
/// `.extend`, `.insert`, `+=`, item assignment).
bool mutated(const Function &F, const std::string &Name);
/// Whether `Arg` is a chunk of many items: a slice `x[i:i+bs]` whose
/// bounds step by a loop stride other than 1, or a stack/cat of a list.
bool batchShaped(Node Arg);
/// The innermost loop of `F` around `N` that is a real repetition of the
/// code: not a DataLoader's batches when `N` is per batch anyway.
const Loop *enclosingLoop(const ModuleFacts &M, const Function &F, Node N);

/// The class of the object the name `Receiver` holds in `F`, qualified
/// ("faiss.IndexFlatIP", "Encoder"), when every binding of the name in F
/// says it: a parameter annotated with the class, or assignments of the
/// class's constructor. Empty otherwise (a global, an attribute, a factory
/// such as `faiss.read_index`, bindings that disagree).
std::string boundClassOf(const ModuleFacts &M, const Function &F,
                         Node Receiver);

/// The model a call runs: `model(x)`, `self.net(x)`, `model.forward(x)`,
/// `encoder.encode([text])`, `model.predict(x)`; null when it is none.
Node calledModel(const ModuleFacts &M, const Function &F, Node Call);
/// The keyword argument `Name=` of a call (its value), null when absent.
Node keywordArg(Node Call, llvm::StringRef Name);
/// What `Call` moves to an accelerator: `x` of `x.cuda()`, `x.to(device)`,
/// `x.to("cuda")`, `x.to(torch.device(…))`, `x.to(device=…)`, `x.to(
/// self.device)`; null for anything else — a dtype conversion
/// (`x.to(torch.float16)`), a move to the CPU, `x.to(other)` (follows a
/// tensor of unknown place), a model's `.to()` (moves its parameters in
/// place, once).
Node deviceTransfer(const ModuleFacts &M, const Function &F, Node Call);
/// Whether `Call` copies a tensor back to the host and so waits for the
/// device: `.item()`, `.cpu()`, `.numpy()`, `.tolist()`.
bool hostSync(Node Call);
/// Whether `N` runs only on some iterations of loop `L`: it is in a branch
/// of an `if` (or a `match`/`try` handler) inside the loop's body.
bool conditionalIn(Node N, const Loop &L);

/// The `DataLoader(…)` call whose batches loop `L` iterates (directly,
/// through `enumerate`/`tqdm`/`zip`, or through a name bound once in `F`);
/// null when the loop does not iterate one the code constructs.
Node loaderOf(const ModuleFacts &M, const Function &F, const Loop &L);

/// Whether the object `Call` returns belongs to the iteration: the loop
/// changes it (`index.add(…)`, any method but a reading one).
bool ownedByIteration(const Loop &L, Node Call);

} // namespace hotpath::py

#endif
