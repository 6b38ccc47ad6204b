//===- ResultCache.cpp ----------------------------------------------------===//
#include "analyzer/ResultCache.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/xxhash.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <stdexcept>

namespace hotpath {

namespace {

using Json = nlohmann::json;

constexpr int FormatVersion = 6;

std::string hex(uint64_t V) {
  static const char Digits[] = "0123456789abcdef";
  std::string Out(16, '0');
  for (int I = 15; I >= 0; --I, V >>= 4)
    Out[I] = Digits[V & 15];
  return Out;
}

/// A line, column or count of an entry: an unsigned integer that fits, or
/// the entry is damaged (a float would convert with undefined behaviour).
unsigned unsignedOf(const Json &J) {
  if (!J.is_number_unsigned() ||
      J.get<uint64_t>() > std::numeric_limits<unsigned>::max())
    throw std::runtime_error("not a count");
  return static_cast<unsigned>(J.get<uint64_t>());
}

Json lineRange(const LineRange &R) { return {R.Begin, R.End}; }
LineRange lineRange(const Json &J) {
  return {unsignedOf(J.at(0)), unsignedOf(J.at(1))};
}

Json findingJson(const Finding &F) {
  Json J = {{"rule", F.RuleId},
            {"category", categoryId(F.Cat)},
            {"message", F.Message},
            {"fix", F.FixHint},
            {"location", {F.Location.File, F.Location.Line, F.Location.Column}},
            {"loop", lineRange(F.Loop)},
            {"call", lineRange(F.Call)},
            {"api", F.Api},
            {"operators", F.Operators},
            {"function", F.Function},
            {"line_hash", F.LineHash},
            {"diagnostic", F.Diagnostic},
            {"notes", F.Notes}};
  if (F.Speedup)
    J["speedup"] = {F.Speedup->Low, F.Speedup->High, F.Speedup->Source};
  Json FixIts = Json::array();
  for (const Replacement &R : F.FixIts)
    FixIts.push_back({R.File, R.Offset, R.Length, R.Text, R.Line, R.Column,
                      R.EndLine, R.EndColumn});
  J["fix_its"] = FixIts;
  Json Related = Json::array();
  for (const RelatedCode &R : F.Related)
    Related.push_back({R.Function, R.File, lineRange(R.Lines)});
  J["related"] = Related;
  if (F.PerItem)
    J["per_item"] = {F.PerItem->Callees, F.PerItem->Rest.Low,
                     F.PerItem->Rest.High, F.PerItem->Rest.Source};
  return J;
}

Finding findingFrom(const Json &J) {
  Finding F;
  F.RuleId = J.at("rule");
  std::optional<Category> C = parseCategory(J.at("category"));
  if (!C)
    throw std::runtime_error("bad category");
  F.Cat = *C;
  F.Message = J.at("message");
  F.FixHint = J.at("fix");
  const Json &L = J.at("location");
  F.Location = {L.at(0).get<std::string>(), unsignedOf(L.at(1)),
                unsignedOf(L.at(2))};
  F.Loop = lineRange(J.at("loop"));
  F.Call = lineRange(J.at("call"));
  F.Api = J.at("api");
  F.Operators = J.at("operators").get<std::vector<std::string>>();
  F.Function = J.at("function");
  F.LineHash = J.at("line_hash");
  F.Diagnostic = J.at("diagnostic");
  F.Notes = J.at("notes").get<std::vector<std::string>>();
  if (J.contains("speedup")) {
    const Json &S = J["speedup"];
    F.Speedup = SpeedupRange{S.at(0).get<double>(), S.at(1).get<double>(),
                             S.at(2).get<std::string>()};
  }
  for (const Json &R : J.at("fix_its"))
    F.FixIts.push_back({R.at(0).get<std::string>(), unsignedOf(R.at(1)),
                        unsignedOf(R.at(2)), R.at(3).get<std::string>(),
                        unsignedOf(R.at(4)), unsignedOf(R.at(5)),
                        unsignedOf(R.at(6)), unsignedOf(R.at(7))});
  if (J.contains("per_item")) {
    const Json &P = J["per_item"];
    F.PerItem =
        PerItemWork{P.at(0).get<std::vector<std::string>>(),
                    SpeedupRange{P.at(1).get<double>(), P.at(2).get<double>(),
                                 P.at(3).get<std::string>()}};
  }
  for (const Json &R : J.at("related"))
    F.Related.push_back({R.at(0).get<std::string>(), R.at(1).get<std::string>(),
                         lineRange(R.at(2))});
  return F;
}

Json keyedJson(const std::vector<std::pair<std::string, Finding>> &List) {
  Json Out = Json::array();
  for (const auto &[Key, F] : List)
    Out.push_back({Key, findingJson(F)});
  return Out;
}

std::vector<std::pair<std::string, Finding>> keyedFrom(const Json &J) {
  std::vector<std::pair<std::string, Finding>> Out;
  for (const Json &E : J)
    Out.emplace_back(E.at(0).get<std::string>(), findingFrom(E.at(1)));
  return Out;
}

} // namespace

std::string serializeResult(const TUResult &R) {
  Json Findings = Json::array();
  for (const Finding &F : R.Sink.Findings)
    Findings.push_back(findingJson(F));
  Json Nodes = Json::array();
  for (const auto &[Key, N] : R.Graph.functions()) {
    Json Calls = Json::array();
    for (const CallSite &C : N.Calls)
      Calls.push_back({C.Callee, C.CalleeName, C.Line, C.LoopBegin,
                       C.GradGuarded, C.Diagnostic});
    Nodes.push_back(
        {{"key", N.Key},
         {"name", N.Name},
         {"location", {N.Location.File, N.Location.Line, N.Location.Column}},
         {"has_loop", N.HasLoop},
         {"loop_at", N.LoopAt},
         {"calls_expensive_api", N.CallsExpensiveApi},
         {"expensive_api", N.ExpensiveApi},
         {"impurity", N.Impurity},
         {"calls", Calls}});
  }
  Json Root = {
      {"version", FormatVersion},
      {"findings", Findings},
      {"unguarded_path", keyedJson(R.Sink.UnguardedPath)},
      {"conditional", keyedJson(R.Sink.Conditional)},
      {"called_in_loop", keyedJson(R.Sink.CalledInLoop)},
      {"graph", Nodes},
      {"errors", {R.Errors.File, R.Errors.CompileErrors, R.Errors.FirstError}},
      {"ran", R.Ran}};
  // Messages quote source text and paths are bytes: invalid UTF-8 is
  // stored replaced (U+FFFD), never an exception.
  return Root.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<TUResult> deserializeResult(const std::string &Text) {
  Json Root = Json::parse(Text, nullptr, /*allow_exceptions=*/false);
  if (Root.is_discarded() || !Root.is_object() || !Root.contains("version") ||
      !Root["version"].is_number_integer() ||
      Root["version"].get<int64_t>() != FormatVersion)
    return std::nullopt;
  try {
    TUResult R;
    for (const Json &F : Root.at("findings"))
      R.Sink.Findings.push_back(findingFrom(F));
    R.Sink.UnguardedPath = keyedFrom(Root.at("unguarded_path"));
    R.Sink.Conditional = keyedFrom(Root.at("conditional"));
    R.Sink.CalledInLoop = keyedFrom(Root.at("called_in_loop"));
    for (const Json &N : Root.at("graph")) {
      FunctionNode Node;
      Node.Key = N.at("key");
      Node.Name = N.at("name");
      const Json &L = N.at("location");
      Node.Location = {L.at(0).get<std::string>(), unsignedOf(L.at(1)),
                       unsignedOf(L.at(2))};
      Node.HasLoop = N.at("has_loop");
      Node.LoopAt = N.at("loop_at");
      Node.CallsExpensiveApi = N.at("calls_expensive_api");
      Node.ExpensiveApi = N.at("expensive_api");
      Node.Impurity = N.at("impurity");
      for (const Json &C : N.at("calls"))
        Node.Calls.push_back({C.at(0).get<std::string>(),
                              C.at(1).get<std::string>(), unsignedOf(C.at(2)),
                              unsignedOf(C.at(3)), C.at(4).get<bool>(),
                              C.at(5).get<bool>()});
      R.Graph.addFunction(std::move(Node));
    }
    const Json &E = Root.at("errors");
    R.Errors = {E.at(0).get<std::string>(), unsignedOf(E.at(1)),
                E.at(2).get<std::string>()};
    R.Ran = Root.at("ran");
    return R;
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

namespace {

/// What an entry's checksum covers: its dependencies and its result.
std::string entryChecksum(const Json &Dependencies, const std::string &Result) {
  return hex(llvm::xxHash64(
      Dependencies.dump(-1, ' ', false, Json::error_handler_t::replace) + '\0' +
      Result));
}

} // namespace

std::string hashContents(llvm::StringRef Contents) {
  return hex(llvm::xxHash64(Contents));
}

std::optional<std::string> hashFile(const std::string &Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt;
  return hashContents((*Buffer)->getBuffer());
}

std::optional<std::string>
ResultCache::key(const std::string &File, const std::string &Directory,
                 const std::vector<std::string> &CommandLine) const {
  std::optional<std::string> Contents = hashFile(File);
  if (!Contents)
    return std::nullopt;
  std::string Text = Salt;
  for (const std::string &Part : {File, Directory, *Contents})
    Text += '\0' + Part;
  Text += '\0';
  for (const std::string &Arg : CommandLine)
    Text += Arg + '\0';
  return hex(llvm::xxHash64(Text));
}

std::string ResultCache::entryPath(const std::string &Key) const {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Key.substr(0, 2), Key + ".json");
  return std::string(Path);
}

std::string ResultCache::key(const std::vector<std::string> &Parts) const {
  std::string Text = Salt;
  for (const std::string &Part : Parts)
    Text += '\0' + Part;
  return hex(llvm::xxHash64(Text));
}

std::optional<std::string> ResultCache::lookupEntry(const std::string &Key,
                                                    FreshFn Fresh) const {
  auto Buffer = llvm::MemoryBuffer::getFile(entryPath(Key));
  if (!Buffer)
    return std::nullopt;
  Json Entry = Json::parse((*Buffer)->getBuffer().begin(),
                           (*Buffer)->getBuffer().end(), nullptr,
                           /*allow_exceptions=*/false);
  if (Entry.is_discarded() || !Entry.is_object() ||
      !Entry.contains("dependencies") || !Entry["dependencies"].is_array() ||
      !Entry.contains("result") || !Entry["result"].is_string() ||
      !Entry.contains("checksum") || !Entry["checksum"].is_string())
    return std::nullopt;
  // A flipped byte that still parses (a disk error, a concurrent writer on
  // a broken file system) must be a miss, not a wrong result.
  if (Entry["checksum"].get<std::string>() !=
      entryChecksum(Entry["dependencies"],
                    Entry["result"].get_ref<const std::string &>()))
    return std::nullopt;
  for (const Json &D : Entry["dependencies"]) {
    if (!D.is_array() || D.size() != 2 || !D[0].is_string() ||
        !D[1].is_string())
      return std::nullopt;
    if (!Fresh(D[0].get_ref<const std::string &>(),
               D[1].get_ref<const std::string &>()))
      return std::nullopt;
  }
  return Entry["result"].get<std::string>();
}

std::optional<TUResult> ResultCache::lookup(const std::string &Key,
                                            FreshFn Fresh) const {
  std::optional<std::string> Text = lookupEntry(Key, Fresh);
  if (!Text)
    return std::nullopt;
  return deserializeResult(*Text);
}

std::optional<TUResult> ResultCache::lookup(const std::string &Key) const {
  return lookup(Key, [](const std::string &Path, const std::string &Hash) {
    std::optional<std::string> Now = hashFile(Path);
    return Now && *Now == Hash;
  });
}

std::optional<std::string>
ResultCache::lookupText(const std::string &Key) const {
  return lookupEntry(
      Key, [](const std::string &, const std::string &) { return false; });
}

bool ResultCache::store(const std::string &Key, const TUResult &R) const {
  // The hashes are of what the parse read (the compiler's own buffers): no
  // second read of every header, and an edit made during the parse makes
  // the entry a miss instead of pairing old results with new contents.
  return storeEntry(Key, R.Dependencies, serializeResult(R));
}

bool ResultCache::storeText(const std::string &Key,
                            const std::string &Text) const {
  return storeEntry(Key, {}, Text);
}

bool ResultCache::storeEntry(
    const std::string &Key,
    const std::vector<std::pair<std::string, std::string>> &Dependencies,
    const std::string &Result) const {
  Json Deps = Json::array();
  for (const auto &[Path, Hash] : Dependencies)
    Deps.push_back({Path, Hash});
  Json Entry = {{"dependencies", Deps},
                {"result", Result},
                {"checksum", entryChecksum(Deps, Result)}};
  std::string Path = entryPath(Key);
  if (llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path)))
    return false;
  llvm::SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%%%";
  if (llvm::Error E = llvm::writeFileAtomically(
          Model, Path,
          Entry.dump(-1, ' ', false, Json::error_handler_t::replace))) {
    llvm::consumeError(std::move(E));
    return false;
  }
  return true;
}

std::string defaultCacheDirectory() {
  llvm::SmallString<256> Dir;
  if (llvm::Optional<std::string> Xdg =
          llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      Xdg && !Xdg->empty()) {
    Dir = *Xdg;
  } else if (llvm::sys::path::home_directory(Dir)) {
    llvm::sys::path::append(Dir, ".cache");
  } else {
    return "";
  }
  llvm::sys::path::append(Dir, "hotpath");
  return std::string(Dir);
}

} // namespace hotpath
