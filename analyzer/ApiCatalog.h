//===- ApiCatalog.h - API knowledge loaded from rules/catalog/*.json ------===//
//
// Format (one JSON object per file; every key optional, lists are merged):
//   {"inference": [{"class": "torch::nn::Module", "methods": ["forward"],
//                   "derived": true}],
//    "batchable": [{"class": "faiss::Index", "method": "search",
//                   "n_arg": 0, "data_arg": 1, "batched": "..."}],
//    "expensive_functions": ["torch::jit::load"], ...}
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_APICATALOG_H
#define HOTPATH_ANALYZER_APICATALOG_H

#include "model/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clang {
class CXXRecordDecl;
class FunctionDecl;
} // namespace clang

namespace hotpath {

/// Methods of a class (and, when Derived, of its subclasses).
struct MethodSet {
  std::string Class;
  std::vector<std::string> Methods;
  bool Derived = true;
  /// For overloaded methods: only overloads whose first parameter has one of
  /// these (qualified, unqualified-cv) types count. Empty: every overload.
  std::vector<std::string> FirstParamTypes;
};

/// A FAISS-style method that processes n items per call.
struct BatchableMethod {
  std::string Class;
  std::string Method;
  int NArg = -1;    ///< index of the item-count argument, -1 if none
  int DataArg = -1; ///< index of the data pointer argument, -1 if none
  int KeyArg = -1;  ///< index of a single-item key argument, -1 if none
  std::string Batched;
  /// Names (globs) of the trace operations this method runs as.
  std::vector<std::string> Operators;
  /// Measured speedup of one batched call over single-item calls.
  std::optional<SpeedupRange> Speedup;
  /// The same, the calls made from Python (bench/python_batching_speedups.py):
  /// each single-item call also pays the interpreter's and the binding's
  /// per-call cost.
  std::optional<SpeedupRange> PythonSpeedup;
  /// Work the method does per item, batched or not (C++ calls).
  std::optional<PerItemWork> PerItem;
};

/// A standard algorithm that scans a sequence (`std::find`,
/// `std::ranges::count`, `std::any_of`).
struct LinearSearch {
  std::string Function;
  /// The first argument is the range itself (std::ranges), not an iterator.
  bool Ranges = false;
  int ValueArg = -1;     ///< the searched value, -1 if none
  int PredicateArg = -1; ///< an equality predicate, -1 if none
};

/// All API knowledge the analyzer and the rules use.
class ApiCatalog {
public:
  /// The catalogs shipped in rules/catalog (embedded at build time).
  static llvm::Expected<ApiCatalog> loadBuiltin();
  /// Merges one catalog document; `Origin` names it in errors.
  llvm::Error addDocument(llvm::StringRef Json, llvm::StringRef Origin);

  std::vector<MethodSet> Inference;
  std::vector<MethodSet> Transfers;
  std::vector<BatchableMethod> Batchable;
  std::set<std::string> ExpensiveFunctions;
  std::set<std::string> ExpensiveConstructors;
  std::set<std::string> ImpureFunctions;
  /// Library functions whose result depends only on their arguments and
  /// the data they read (memcpy, sqrt, fread); an entry ending in '*' is a
  /// prefix (`_mm256_*`). With PureNamespaces: what the impurity analysis
  /// of project functions takes as pure (docs/catalogs.md).
  std::set<std::string> PureFunctions;
  /// Library namespaces whose functions are pure unless listed impure.
  std::set<std::string> PureNamespaces;
  std::set<std::string> AccessorMethods;
  std::set<std::string> BatchFormingMethods;
  /// Types whose presence in an input marks it as a batch (data loaders,
  /// examples, slices).
  std::set<std::string> BatchTypes;
  /// Calls that change model weights (backward, optimizer step).
  std::set<std::string> ModelMutatingFunctions;
  /// Calls (and constructors, as "Class::Class") that write files: a loop
  /// that writes a file can change what a later read of it returns.
  std::set<std::string> FileWritingFunctions;
  std::set<std::string> FileWritingConstructors;
  /// Algorithms that scan a sequence; "std::ranges::find" names the
  /// function object, the others the function.
  std::vector<LinearSearch> LinearSearches;
  /// Sequence containers: membership tests on them scan every element.
  std::set<std::string> SequenceContainers;
  /// Sets and maps: std::find/std::count on them scans every element,
  /// where their own find()/count() would not.
  std::set<std::string> AssociativeContainers;
  /// Functions that allocate a new tensor of a given shape (torch::zeros).
  std::set<std::string> AllocatingFactories;
  /// Functions that make a new tensor from values (torch::full, linspace,
  /// arange, tensor): a loop counter that only feeds their values makes a
  /// new whole tensor per iteration, not an item of a batch.
  std::set<std::string> ValueFactories;
  /// Functions that load a model or an index from storage.
  std::set<std::string> LoadingFunctions;
  /// Module classes whose output in training mode depends on the other
  /// items of the batch (BatchNorm's batch statistics).
  std::set<std::string> BatchStatisticsModules;
  /// RAII guards that turn autograd off (InferenceMode, NoGradGuard).
  std::set<std::string> GradGuards;
  /// Trace operation names (globs) per kind of API: "inference" (model
  /// calls), "transfer" (device transfers).
  std::map<std::string, std::vector<std::string>> OperatorsByKind;
  /// Measured batching speedups per kind of API ("inference").
  std::map<std::string, SpeedupRange> SpeedupByKind;
  /// The same, for the calls made from Python ("python_speedups").
  std::map<std::string, SpeedupRange> PythonSpeedupByKind;

  /// The calibrated speedup of batching the calls of `FD`, if any.
  std::optional<SpeedupRange>
  batchingSpeedup(const clang::FunctionDecl *FD) const;

  /// The calibrated speedup of batching Python calls of a kind of API
  /// ("inference"), if any.
  std::optional<SpeedupRange> pythonSpeedup(llvm::StringRef Kind) const;
  /// The calibrated speedup of batching Python calls of `Method` on an
  /// object of the catalog class `Class` ("faiss::IndexFlat"), if any: the
  /// first batchable entry of that class and method.
  std::optional<SpeedupRange> pythonSpeedup(llvm::StringRef Class,
                                            llvm::StringRef Method) const;

  /// The operation names (globs) a trace shows for a call of `FD`: its own
  /// qualified name, plus those of its kind or its catalog entry.
  std::vector<std::string> operatorsOf(const clang::FunctionDecl *FD) const;

  /// The call writes a file (catalog functions and constructors).
  bool writesFiles(const clang::FunctionDecl *FD) const;
  /// The function is a model call (forward of a torch module or script).
  bool isInference(const clang::FunctionDecl *FD) const;
  /// The function is a host<->device transfer of a tensor.
  bool isTransfer(const clang::FunctionDecl *FD) const;
  /// The FAISS batchable method this function is, if any.
  const BatchableMethod *batchable(const clang::FunctionDecl *FD) const;
  /// Expensive by the catalog (I/O, model or index loading, inference,
  /// batchable index calls).
  bool isExpensive(const clang::FunctionDecl *FD) const;
  bool isExpensiveConstructor(const clang::CXXRecordDecl *RD) const;
  /// The result may differ between two calls with the same arguments.
  bool isImpure(const clang::FunctionDecl *FD) const;
  /// A library function the catalogs call pure: a builtin, one of
  /// PureFunctions, or in one of PureNamespaces, and not impure.
  bool isPure(const clang::FunctionDecl *FD) const;
  /// A non-const member function that only gives access (operator[], data).
  bool isAccessor(const clang::FunctionDecl *FD) const;
  /// The record is, or derives from, a catalog class named `QualName`.
  static bool recordMatches(const clang::CXXRecordDecl *RD,
                            llvm::StringRef QualName, bool Derived);

private:
  /// `RD` is (a specialization of) one of the classes named in `Names`.
  static bool anyRecordMatches(const clang::CXXRecordDecl *RD,
                               const std::set<std::string> &Names);
  bool inMethodSets(const std::vector<MethodSet> &Sets,
                    const clang::FunctionDecl *FD) const;
};

/// The qualified name Clang prints for a function ("torch::jit::load",
/// "at::Tensor::to"); constructors print as their class name.
std::string qualifiedName(const clang::FunctionDecl *FD);
/// The unqualified method name including operators ("operator()").
std::string methodName(const clang::FunctionDecl *FD);

} // namespace hotpath

#endif
