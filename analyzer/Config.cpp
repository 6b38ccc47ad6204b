//===- Config.cpp ---------------------------------------------------------===//
#include "analyzer/Config.h"
#include "model/Finding.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <set>

namespace hotpath {

namespace {

/// Errors of one document: "FILE:LINE: message".
class Reader {
public:
  Reader(llvm::StringRef Yaml, llvm::StringRef Path)
      : Path(Path.str()), Stream(Yaml, SM, /*ShowColors=*/false) {
    // The parser's first complaint, for the error line.
    SM.setDiagHandler(
        [](const llvm::SMDiagnostic &D, void *Context) {
          auto *Self = static_cast<Reader *>(Context);
          if (Self->FirstProblem.empty()) {
            Self->FirstProblem = D.getMessage().str();
            Self->FirstProblemLine = D.getLineNo() > 0 ? D.getLineNo() : 1;
          }
        },
        this);
  }
  /// The whole stream parses (every node of every document visited once).
  /// The interpretation below walks a fresh Reader: a stream is one pass.
  llvm::Error checkSyntax() {
    for (llvm::yaml::Document &D : Stream) {
      D.skip();
      if (Stream.failed())
        break;
    }
    if (!Stream.failed())
      return llvm::Error::success();
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s:%u: invalid YAML: %s", Path.c_str(),
        FirstProblemLine,
        FirstProblem.empty() ? "malformed" : FirstProblem.c_str());
  }
  unsigned lineOf(llvm::yaml::Node *N) {
    // A node the parser made up for a missing value (an empty mapping
    // value) may point outside the document: no line to name but the
    // first. SourceMgr would index its buffers with 0 - 1 (fuzz_config).
    llvm::SMLoc Loc = N ? N->getSourceRange().Start : llvm::SMLoc();
    if (!Loc.isValid() || !SM.FindBufferContainingLoc(Loc))
      return 1;
    return SM.getLineAndColumn(Loc).first;
  }
  llvm::Error error(llvm::yaml::Node *N, const std::string &Message) {
    unsigned Line = lineOf(N);
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s:%u: %s",
                                   Path.c_str(), Line, Message.c_str());
  }
  llvm::Expected<std::string> scalar(llvm::yaml::Node *N,
                                     const std::string &Key) {
    auto *S = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(N);
    if (!S)
      return error(N, "'" + Key + "' must be a scalar");
    llvm::SmallString<64> Storage;
    return S->getValue(Storage).str();
  }
  llvm::Expected<double> number(llvm::yaml::Node *N, const std::string &Key) {
    llvm::Expected<std::string> S = scalar(N, Key);
    if (!S)
      return S.takeError();
    double V;
    if (llvm::StringRef(*S).getAsDouble(V))
      return error(N, "'" + Key + "' must be a number, not '" + *S + "'");
    return V;
  }
  std::string Path;
  llvm::SourceMgr SM;
  llvm::yaml::Stream Stream;
  std::string FirstProblem;
  unsigned FirstProblemLine = 1;
};

std::string number(double V) {
  char Buf[32];
  std::snprintf(Buf, sizeof(Buf), "%g", V);
  return Buf;
}

std::string quote(llvm::StringRef S) {
  std::string Out = "'";
  for (char C : S)
    Out += C == '\'' ? std::string("''") : std::string(1, C);
  return Out + "'";
}

} // namespace

bool Config::ruleEnabled(llvm::StringRef RuleId) const {
  bool Enabled = false;
  llvm::SmallVector<llvm::StringRef, 8> Globs;
  llvm::StringRef(Rules).split(Globs, ',', -1, false);
  for (llvm::StringRef G : Globs) {
    G = G.trim();
    bool Negative = G.consume_front("-");
    if (auto Pat = llvm::GlobPattern::create(G)) {
      if (Pat->match(RuleId))
        Enabled = !Negative;
    } else {
      llvm::consumeError(Pat.takeError());
    }
  }
  return Enabled;
}

std::string Config::dump() const {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "Rules: " << quote(Rules) << "\n";
  OS << "ColdThreshold: " << number(ColdThreshold) << "\n";
  OS << "HeaderFilterRegex: " << quote(HeaderFilterRegex) << "\n";
  OS << "Exclude:" << (Exclude.empty() ? " []" : "") << "\n";
  for (const std::string &G : Exclude)
    OS << "  - " << quote(G) << "\n";
  OS << "Priorities:" << (Priorities.empty() ? " {}" : "") << "\n";
  for (const auto &[Cat, P] : Priorities) {
    OS << "  " << Cat << ":";
    if (!P.Speedup && !P.Effort && !P.Priority)
      OS << " {}";
    OS << "\n";
    if (P.Speedup)
      OS << "    Speedup: [" << number(P.Speedup->first) << ", "
         << number(P.Speedup->second) << "]\n";
    if (P.Effort)
      OS << "    Effort: " << *P.Effort << "\n";
    if (P.Priority)
      OS << "    Priority: " << *P.Priority << "\n";
  }
  OS << "Catalogs: [";
  for (size_t I = 0; I < Catalogs.size(); ++I)
    OS << (I ? ", " : "") << quote(Catalogs[I]);
  OS << "]\n";
  OS << "RuleOptions:" << (RuleOptions.empty() ? " {}" : "") << "\n";
  for (const auto &[Key, Value] : RuleOptions)
    OS << "  " << Key << ": " << quote(Value) << "\n";
  return Out;
}

llvm::Expected<Config> Config::parse(llvm::StringRef Yaml,
                                     llvm::StringRef Path) {
  Config C;
  C.Path = Path.str();
  // YAML forbids NUL; a file with one is not text.
  if (size_t Nul = Yaml.find('\0'); Nul != llvm::StringRef::npos)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s:%u: invalid YAML: a NUL byte",
        C.Path.c_str(), unsigned(Yaml.take_front(Nul).count('\n') + 1));
  if (llvm::Error E = Reader(Yaml, Path).checkSyntax())
    return std::move(E);
  Reader R(Yaml, Path);
  llvm::yaml::document_iterator Doc = R.Stream.begin();
  if (Doc == R.Stream.end() || !Doc->getRoot() ||
      llvm::isa<llvm::yaml::NullNode>(Doc->getRoot()))
    return C; // an empty file: the defaults
  auto *Root = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(Doc->getRoot());
  if (!Root || R.Stream.failed())
    return R.error(Doc->getRoot(), "expected a mapping of keys");
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  std::set<std::string> Seen;
  for (llvm::yaml::KeyValueNode &KV : *Root) {
    llvm::Expected<std::string> Key = R.scalar(KV.getKey(), "key");
    if (!Key)
      return Key.takeError();
    if (!Seen.insert(*Key).second)
      return R.error(KV.getKey(), "repeated key '" + *Key + "'");
    llvm::yaml::Node *V = KV.getValue();
    if (R.Stream.failed())
      return R.error(V, "invalid YAML");
    if (*Key == "Rules") {
      llvm::Expected<std::string> S = R.scalar(V, *Key);
      if (!S)
        return S.takeError();
      C.Rules = *S;
    } else if (*Key == "ColdThreshold") {
      llvm::Expected<double> D = R.number(V, *Key);
      if (!D)
        return D.takeError();
      if (*D < 0 || *D > 1)
        return R.error(V, "'ColdThreshold' must be between 0 and 1");
      C.ColdThreshold = *D;
    } else if (*Key == "HeaderFilterRegex") {
      llvm::Expected<std::string> S = R.scalar(V, *Key);
      if (!S)
        return S.takeError();
      std::string Why;
      if (!llvm::Regex(*S).isValid(Why))
        return R.error(V, "'HeaderFilterRegex' is not a valid regex: " + Why);
      C.HeaderFilterRegex = *S;
    } else if (*Key == "Exclude") {
      auto *Seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(V);
      if (!Seq)
        return R.error(V, "'Exclude' must be a list of globs");
      for (llvm::yaml::Node &Item : *Seq) {
        llvm::Expected<std::string> S = R.scalar(&Item, *Key);
        if (!S)
          return S.takeError();
        if (llvm::Expected<llvm::GlobPattern> G = llvm::GlobPattern::create(*S);
            !G) {
          llvm::consumeError(G.takeError());
          return R.error(&Item, "'Exclude' has an invalid glob '" + *S + "'");
        }
        C.Exclude.push_back(*S);
      }
    } else if (*Key == "Catalogs") {
      auto *Seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(V);
      if (!Seq)
        return R.error(V, "'Catalogs' must be a list of paths");
      for (llvm::yaml::Node &Item : *Seq) {
        llvm::Expected<std::string> S = R.scalar(&Item, *Key);
        if (!S)
          return S.takeError();
        llvm::SmallString<256> P(*S);
        if (!llvm::sys::path::is_absolute(P)) {
          P = Dir;
          llvm::sys::path::append(P, *S);
        }
        if (!llvm::sys::fs::exists(P))
          return R.error(&Item, "catalog '" + *S + "' does not exist");
        C.Catalogs.push_back(std::string(P));
      }
    } else if (*Key == "RuleOptions") {
      auto *Map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(V);
      if (!Map)
        return R.error(V, "'RuleOptions' must be a mapping");
      for (llvm::yaml::KeyValueNode &O : *Map) {
        llvm::Expected<std::string> K = R.scalar(O.getKey(), "option");
        if (!K)
          return K.takeError();
        llvm::Expected<std::string> S = R.scalar(O.getValue(), *K);
        if (!S)
          return S.takeError();
        C.RuleOptions[*K] = *S;
        C.RuleOptionLines[*K] = R.lineOf(O.getKey());
      }
    } else if (*Key == "Priorities") {
      auto *Map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(V);
      if (!Map)
        return R.error(V, "'Priorities' must be a mapping of categories");
      for (llvm::yaml::KeyValueNode &Row : *Map) {
        llvm::Expected<std::string> Cat = R.scalar(Row.getKey(), "category");
        if (!Cat)
          return Cat.takeError();
        if (!parseCategory(*Cat))
          return R.error(Row.getKey(), "unknown category '" + *Cat + "'");
        PriorityOverride &P = C.Priorities[*Cat];
        auto *Fields =
            llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(Row.getValue());
        if (!Fields)
          return R.error(Row.getValue(), "'" + *Cat +
                                             "' must be a mapping of Speedup, "
                                             "Effort, Priority");
        for (llvm::yaml::KeyValueNode &F : *Fields) {
          llvm::Expected<std::string> Name = R.scalar(F.getKey(), "field");
          if (!Name)
            return Name.takeError();
          if (*Name == "Speedup") {
            auto *Seq =
                llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(F.getValue());
            std::vector<double> Nums;
            if (Seq)
              for (llvm::yaml::Node &N : *Seq) {
                llvm::Expected<double> D = R.number(&N, "Speedup");
                if (!D)
                  return D.takeError();
                Nums.push_back(*D);
              }
            if (Nums.size() != 2 || Nums[0] < 1 || Nums[1] < Nums[0])
              return R.error(F.getValue(), "'Speedup' must be [low, high] "
                                           "with 1 <= low <= high");
            P.Speedup = std::make_pair(Nums[0], Nums[1]);
          } else if (*Name == "Effort" || *Name == "Priority") {
            llvm::Expected<std::string> S = R.scalar(F.getValue(), *Name);
            if (!S)
              return S.takeError();
            bool Ok = *Name == "Effort"
                          ? (*S == "low" || *S == "medium" || *S == "high")
                          : (*S == "critical" || *S == "high" || *S == "low" ||
                             *S == "skip");
            if (!Ok)
              return R.error(F.getValue(),
                             "invalid " + *Name + " '" + *S + "'");
            (*Name == "Effort" ? P.Effort : P.Priority) = *S;
          } else {
            return R.error(F.getKey(), "unknown key '" + *Name + "' in '" +
                                           *Cat +
                                           "' (Speedup, Effort, Priority)");
          }
        }
      }
    } else {
      return R.error(KV.getKey(),
                     "unknown key '" + *Key +
                         "' (Rules, ColdThreshold, HeaderFilterRegex, Exclude, "
                         "Priorities, Catalogs, RuleOptions)");
    }
  }
  if (R.Stream.failed())
    return R.error(Root, "invalid YAML");
  return C;
}

std::string Config::find(llvm::StringRef Dir) {
  llvm::SmallString<256> D(Dir);
  llvm::sys::fs::make_absolute(D);
  while (!D.empty()) {
    llvm::SmallString<256> Candidate(D);
    llvm::sys::path::append(Candidate, ".hotpath.yaml");
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = llvm::sys::path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent;
  }
  return "";
}

} // namespace hotpath
