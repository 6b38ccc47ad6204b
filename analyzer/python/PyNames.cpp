//===- PyNames.cpp - Imports and project classes --------------------------===//
#include "analyzer/python/PyFacts.h"

namespace hotpath::py {

// --- Project classes -------------------------------------------------------

FileClasses ProjectClasses::of(const Tree &T, const ImportTable &Imports) {
  FileClasses Out;
  walk(T.root(), [&](Node N) {
    if (N.is("class_definition")) {
      std::vector<std::string> Bases;
      for (Node B : N.field("superclasses").namedChildren())
        if (!B.is("keyword_argument"))
          Bases.push_back(Imports.qualify(B));
      Out.emplace_back(N.field("name").text().str(), std::move(Bases));
    }
    return !N.is("function_definition");
  });
  return Out;
}

void ProjectClasses::add(const FileClasses &C) {
  for (const auto &[Name, Of] : C)
    Bases[Name].push_back(Of);
}

namespace {

bool isModuleBase(llvm::StringRef C) {
  return C == "torch.nn.Module" || C == "nn.Module" ||
         C == "torch.nn.modules.module.Module" || C == "pl.LightningModule" ||
         C == "pytorch_lightning.LightningModule" ||
         C == "lightning.LightningModule" || C == "torch.jit.ScriptModule";
}

/// Whether `Name` is a module class; `Visiting` holds the simple names on
/// the current path (a class deriving from a class of the same name, or a
/// cycle, ends there: false).
bool isModuleClass(
    const std::map<std::string, std::vector<std::vector<std::string>>> &Bases,
    const std::string &Name, std::set<std::string> &Visiting,
    std::map<std::string, bool> &Memo, int Depth) {
  if (isModuleBase(Name))
    return true;
  llvm::StringRef Simple = llvm::StringRef(Name).rsplit('.').second;
  if (Simple.empty())
    Simple = Name;
  if (auto Known = Memo.find(Simple.str()); Known != Memo.end())
    return Known->second;
  auto It = Bases.find(Simple.str());
  if (It == Bases.end() || Depth > 64 || !Visiting.insert(Simple.str()).second)
    return false;
  // Several project classes of this name: a module only if all are.
  bool All = true;
  for (const std::vector<std::string> &Def : It->second) {
    bool Any = false;
    for (const std::string &B : Def)
      Any = Any || isModuleClass(Bases, B, Visiting, Memo, Depth + 1);
    All = All && Any;
  }
  Visiting.erase(Simple.str());
  Memo[Simple.str()] = All;
  return All;
}

} // namespace

bool ProjectClasses::isModule(const std::string &Name) const {
  std::set<std::string> Visiting;
  std::map<std::string, bool> Memo;
  return isModuleClass(Bases, Name, Visiting, Memo, 0);
}

ImportTable::ImportTable(const Tree &T) {
  walk(T.root(), [&](Node N) {
    if (N.is("import_statement")) {
      for (Node Name : N.fields("name")) {
        if (Name.is("aliased_import"))
          Names[Name.field("alias").text().str()] =
              Name.field("name").text().str();
        else // `import torch.nn` binds `torch`
          Names[Name.text().split('.').first.str()] =
              Name.text().split('.').first.str();
      }
      return false;
    }
    if (N.is("import_from_statement")) {
      Node From = N.field("module_name");
      std::string Module = From.is("dotted_name") ? From.text().str() : "";
      // `from .util import f`: the module as written, dots and all.
      std::string Written = From.text().str();
      for (Node Name : N.fields("name")) {
        Node Imported = Name.is("aliased_import") ? Name.field("name") : Name;
        Node Local = Name.is("aliased_import") ? Name.field("alias") : Name;
        Names[Local.text().str()] = Module.empty()
                                        ? Imported.text().str()
                                        : Module + "." + Imported.text().str();
        if (!From.is("dotted_name"))
          Relative[Local.text().str()] =
              Written + (llvm::StringRef(Written).endswith(".") ? "" : ".") +
              Imported.text().str();
      }
      return false;
    }
    return true;
  });
}

std::string ImportTable::qualify(Node E) const {
  // Iterative: `a.b.c…` may be any length; past 64 parts it is no name a
  // rule knows.
  std::vector<llvm::StringRef> Parts;
  while (E.is("attribute")) {
    if (Parts.size() == 64)
      return "";
    Parts.push_back(E.field("attribute").text());
    E = E.field("object");
  }
  if (!E.is("identifier"))
    return "";
  auto It = Names.find(E.text().str());
  std::string Out = It == Names.end() ? E.text().str() : It->second;
  for (auto P = Parts.rbegin(); P != Parts.rend(); ++P)
    Out += "." + P->str();
  return Out;
}

std::string ImportTable::moduleAndName(Node E) const {
  Node Id = E;
  for (int Depth = 0; Id.is("attribute") && Depth < 64; ++Depth)
    Id = Id.field("object");
  if (!Id.is("identifier") || !imports(Id.text().str()))
    return "";
  std::string Q = qualify(E);
  auto Rel = Relative.find(Id.text().str());
  if (Rel != Relative.end())
    Q = Rel->second +
        Q.substr(std::min(Q.size(), Names.at(Id.text().str()).size()));
  // The last two parts: `pkg.util.score` -> `util.score`.
  auto [Head, Name] = llvm::StringRef(Q).rsplit('.');
  if (Name.empty() || Head.empty())
    return "";
  llvm::StringRef Module = Head.rsplit('.').second;
  if (Module.empty())
    Module = Head;
  Module = Module.ltrim('.');
  if (Module.empty())
    return "";
  return Module.str() + "." + Name.str();
}

} // namespace hotpath::py
