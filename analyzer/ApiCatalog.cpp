//===- ApiCatalog.cpp -----------------------------------------------------===//
#include "analyzer/ApiCatalog.h"
#include "analyzer/EmbeddedCatalogs.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

#include <nlohmann/json.hpp>

using namespace clang;

namespace hotpath {

namespace {

llvm::Error catalogError(llvm::StringRef Origin, const std::string &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 Origin.str().c_str(), What.c_str());
}

std::vector<std::string> stringList(const nlohmann::json &J) {
  std::vector<std::string> Out;
  for (const auto &E : J)
    Out.push_back(E.get<std::string>());
  return Out;
}

/// `[low, high]`, both >= 1; throws like nlohmann on a malformed value.
SpeedupRange speedupRange(const nlohmann::json &J, std::string Source) {
  if (!J.is_array() || J.size() != 2 || !J[0].is_number() ||
      !J[1].is_number() || J[0].get<double>() < 1 ||
      J[1].get<double>() < J[0].get<double>())
    throw nlohmann::json::other_error::create(
        501, "a speedup is [low, high] with 1 <= low <= high", &J);
  return {J[0].get<double>(), J[1].get<double>(), std::move(Source)};
}

std::vector<MethodSet> methodSets(const nlohmann::json &J) {
  std::vector<MethodSet> Out;
  for (const auto &E : J) {
    MethodSet S;
    S.Class = E.at("class").get<std::string>();
    S.Methods = stringList(E.at("methods"));
    S.Derived = E.value("derived", true);
    if (E.contains("first_param_types"))
      S.FirstParamTypes = stringList(E.at("first_param_types"));
    Out.push_back(std::move(S));
  }
  return Out;
}

const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType().getUnqualifiedType();
  if (const auto *RD = T->getAsCXXRecordDecl())
    return RD;
  return nullptr;
}

std::string typeName(QualType T) {
  T = T.getNonReferenceType().getUnqualifiedType();
  if (const auto *RD = recordOf(T))
    return RD->getQualifiedNameAsString();
  if (const auto *ET = T->getAs<EnumType>())
    return ET->getDecl()->getQualifiedNameAsString();
  return T.getAsString();
}

} // namespace

std::string qualifiedName(const FunctionDecl *FD) {
  return FD->getQualifiedNameAsString();
}

std::string methodName(const FunctionDecl *FD) {
  return FD->getNameInfo().getName().getAsString();
}

llvm::Expected<ApiCatalog> ApiCatalog::loadBuiltin() {
  ApiCatalog C;
  for (const EmbeddedFile &F : embeddedCatalogs())
    if (llvm::Error E = C.addDocument(F.Contents, F.Name))
      return E;
  return C;
}

llvm::Error ApiCatalog::addDocument(llvm::StringRef Json,
                                    llvm::StringRef Origin) {
  nlohmann::json J = nlohmann::json::parse(Json.begin(), Json.end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (J.is_discarded() || !J.is_object())
    return catalogError(Origin, "not a JSON object");
  try {
    for (auto It = J.begin(); It != J.end(); ++It) {
      const std::string &Key = It.key();
      const nlohmann::json &V = It.value();
      if (Key == "description" || Key == "version")
        continue;
      if (Key == "inference") {
        for (MethodSet &S : methodSets(V))
          Inference.push_back(std::move(S));
      } else if (Key == "transfers") {
        for (MethodSet &S : methodSets(V))
          Transfers.push_back(std::move(S));
      } else if (Key == "batchable") {
        for (const auto &E : V) {
          BatchableMethod B;
          B.Class = E.at("class").get<std::string>();
          B.Method = E.at("method").get<std::string>();
          B.NArg = E.value("n_arg", -1);
          B.DataArg = E.value("data_arg", -1);
          B.KeyArg = E.value("key_arg", -1);
          B.Batched = E.value("batched", "");
          if (E.contains("operators"))
            B.Operators = stringList(E.at("operators"));
          if (E.contains("speedup"))
            B.Speedup =
                speedupRange(E.at("speedup"),
                             "measured by bench/batching_speedups: " + B.Class +
                                 "::" + B.Method + " batched");
          if (E.contains("python_speedup"))
            B.PythonSpeedup = speedupRange(
                E.at("python_speedup"),
                "measured by bench/python_batching_speedups.py: " + B.Class +
                    "::" + B.Method + " batched, called from Python");
          if (E.contains("per_item")) {
            const auto &P = E.at("per_item");
            B.PerItem = PerItemWork{
                stringList(P.at("callees")),
                speedupRange(P.at("rest_speedup"),
                             "measured by bench/batching_speedups: " + B.Class +
                                 "::" + B.Method +
                                 " batched, outside its per-item callees")};
          }
          Batchable.push_back(std::move(B));
        }
      } else if (Key == "linear_searches") {
        for (const auto &E : V) {
          LinearSearch L;
          L.Function = E.at("function").get<std::string>();
          L.Ranges = E.value("ranges", false);
          L.ValueArg = E.value("value_arg", -1);
          L.PredicateArg = E.value("predicate_arg", -1);
          if ((L.ValueArg < 0) == (L.PredicateArg < 0))
            return catalogError(Origin, "linear search '" + L.Function +
                                            "' needs one of value_arg, "
                                            "predicate_arg");
          LinearSearches.push_back(std::move(L));
        }
      } else if (Key == "speedups" || Key == "python_speedups") {
        bool Python = Key == "python_speedups";
        if (!V.is_object())
          return catalogError(Origin, "'" + Key + "' is not an object");
        for (auto K = V.begin(); K != V.end(); ++K) {
          if (K.key() != "inference" && K.key() != "transfer")
            return catalogError(Origin, "unknown speedup kind '" + K.key() +
                                            "' (inference, transfer)");
          std::string Source =
              Python ? "measured by bench/python_batching_speedups.py: " +
                           K.key() + " batched, called from Python"
                     : "measured by bench/batching_speedups: " + K.key() +
                           " batched";
          (Python ? PythonSpeedupByKind : SpeedupByKind)[K.key()] =
              speedupRange(K.value(), std::move(Source));
        }
      } else if (Key == "operators") {
        if (!V.is_object())
          return catalogError(Origin, "'operators' is not an object");
        for (auto K = V.begin(); K != V.end(); ++K) {
          if (K.key() != "inference" && K.key() != "transfer")
            return catalogError(Origin, "unknown operator kind '" + K.key() +
                                            "' (inference, transfer)");
          for (std::string &S : stringList(K.value()))
            OperatorsByKind[K.key()].push_back(std::move(S));
        }
      } else {
        std::set<std::string> *Target =
            llvm::StringSwitch<std::set<std::string> *>(Key)
                .Case("expensive_functions", &ExpensiveFunctions)
                .Case("expensive_constructors", &ExpensiveConstructors)
                .Case("impure_functions", &ImpureFunctions)
                .Case("pure_functions", &PureFunctions)
                .Case("pure_namespaces", &PureNamespaces)
                .Case("accessor_methods", &AccessorMethods)
                .Case("batch_forming_methods", &BatchFormingMethods)
                .Case("batch_types", &BatchTypes)
                .Case("model_mutating_functions", &ModelMutatingFunctions)
                .Case("file_writing_functions", &FileWritingFunctions)
                .Case("file_writing_constructors", &FileWritingConstructors)
                .Case("sequence_containers", &SequenceContainers)
                .Case("associative_containers", &AssociativeContainers)
                .Case("allocating_factories", &AllocatingFactories)
                .Case("value_factories", &ValueFactories)
                .Case("loading_functions", &LoadingFunctions)
                .Case("grad_guards", &GradGuards)
                .Case("batch_statistics_modules", &BatchStatisticsModules)
                .Default(nullptr);
        if (!Target)
          return catalogError(Origin, "unknown key '" + Key + "'");
        for (std::string &S : stringList(V))
          Target->insert(std::move(S));
      }
    }
  } catch (const nlohmann::json::exception &Ex) {
    return catalogError(Origin, std::string("malformed entry: ") + Ex.what());
  }
  return llvm::Error::success();
}

std::optional<SpeedupRange>
ApiCatalog::batchingSpeedup(const FunctionDecl *FD) const {
  auto Kind = [&](const char *K) -> std::optional<SpeedupRange> {
    auto It = SpeedupByKind.find(K);
    if (It == SpeedupByKind.end())
      return std::nullopt;
    return It->second;
  };
  if (isInference(FD))
    return Kind("inference");
  if (isTransfer(FD))
    return Kind("transfer");
  if (const BatchableMethod *B = batchable(FD))
    return B->Speedup;
  return std::nullopt;
}

std::optional<SpeedupRange>
ApiCatalog::pythonSpeedup(llvm::StringRef Kind) const {
  auto It = PythonSpeedupByKind.find(Kind.str());
  if (It == PythonSpeedupByKind.end())
    return std::nullopt;
  return It->second;
}

std::optional<SpeedupRange>
ApiCatalog::pythonSpeedup(llvm::StringRef Class, llvm::StringRef Method) const {
  for (const BatchableMethod &B : Batchable)
    if (B.Class == Class && B.Method == Method)
      return B.PythonSpeedup;
  return std::nullopt;
}

std::vector<std::string> ApiCatalog::operatorsOf(const FunctionDecl *FD) const {
  std::vector<std::string> Out;
  if (!FD)
    return Out;
  Out.push_back(qualifiedName(FD));
  auto AddKind = [&](const char *Kind) {
    auto It = OperatorsByKind.find(Kind);
    if (It != OperatorsByKind.end())
      Out.insert(Out.end(), It->second.begin(), It->second.end());
  };
  if (isInference(FD))
    AddKind("inference");
  else if (isTransfer(FD))
    AddKind("transfer");
  else if (const BatchableMethod *B = batchable(FD))
    Out.insert(Out.end(), B->Operators.begin(), B->Operators.end());
  return Out;
}

bool ApiCatalog::recordMatches(const CXXRecordDecl *RD,
                               llvm::StringRef QualName, bool Derived) {
  if (!RD)
    return false;
  if (RD->getQualifiedNameAsString() == QualName)
    return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (Spec->getSpecializedTemplate()->getQualifiedNameAsString() == QualName)
      return true;
  if (!Derived)
    return false;
  RD = RD->getDefinition();
  if (!RD)
    return false;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (recordMatches(recordOf(Base.getType()), QualName, true))
      return true;
  return false;
}

bool ApiCatalog::anyRecordMatches(const CXXRecordDecl *RD,
                                  const std::set<std::string> &Names) {
  for (const std::string &Name : Names)
    if (recordMatches(RD, Name, /*Derived=*/false))
      return true;
  return false;
}

bool ApiCatalog::inMethodSets(const std::vector<MethodSet> &Sets,
                              const FunctionDecl *FD) const {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!MD)
    return false;
  std::string Name = methodName(MD);
  for (const MethodSet &S : Sets) {
    if (llvm::find(S.Methods, Name) == S.Methods.end())
      continue;
    if (!recordMatches(MD->getParent(), S.Class, S.Derived))
      continue;
    if (S.FirstParamTypes.empty())
      return true;
    if (MD->getNumParams() == 0)
      continue;
    std::string First = typeName(MD->getParamDecl(0)->getType());
    if (llvm::find(S.FirstParamTypes, First) != S.FirstParamTypes.end())
      return true;
  }
  return false;
}

bool ApiCatalog::isInference(const FunctionDecl *FD) const {
  return inMethodSets(Inference, FD);
}

bool ApiCatalog::isTransfer(const FunctionDecl *FD) const {
  return inMethodSets(Transfers, FD);
}

const BatchableMethod *ApiCatalog::batchable(const FunctionDecl *FD) const {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!MD)
    return nullptr;
  std::string Name = methodName(MD);
  for (const BatchableMethod &B : Batchable)
    if (B.Method == Name && recordMatches(MD->getParent(), B.Class, true))
      return &B;
  return nullptr;
}

bool ApiCatalog::isExpensive(const FunctionDecl *FD) const {
  if (!FD)
    return false;
  if (ExpensiveFunctions.count(qualifiedName(FD)))
    return true;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    return isExpensiveConstructor(Ctor->getParent());
  return isInference(FD) || batchable(FD);
}

bool ApiCatalog::isExpensiveConstructor(const CXXRecordDecl *RD) const {
  return anyRecordMatches(RD, ExpensiveConstructors);
}

bool ApiCatalog::writesFiles(const FunctionDecl *FD) const {
  if (!FD)
    return false;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    return anyRecordMatches(Ctor->getParent(), FileWritingConstructors);
  return FileWritingFunctions.count(qualifiedName(FD)) > 0;
}

bool ApiCatalog::isImpure(const FunctionDecl *FD) const {
  return FD && ImpureFunctions.count(qualifiedName(FD));
}

bool ApiCatalog::isPure(const FunctionDecl *FD) const {
  if (!FD || isImpure(FD))
    return false;
  if (FD->getBuiltinID())
    return true;
  std::string Name = qualifiedName(FD);
  for (const std::string &P : PureFunctions)
    if (P == Name ||
        (!P.empty() && P.back() == '*' &&
         llvm::StringRef(Name).startswith(llvm::StringRef(P).drop_back())))
      return true;
  // The outermost named namespace.
  const NamespaceDecl *Outer = nullptr;
  for (const DeclContext *DC = FD->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (!NS->isAnonymousNamespace() && !NS->isInline())
        Outer = NS;
  return Outer && PureNamespaces.count(Outer->getName().str());
}

bool ApiCatalog::isAccessor(const FunctionDecl *FD) const {
  return FD && AccessorMethods.count(methodName(FD));
}

} // namespace hotpath
