//===- LintStep.cpp -------------------------------------------------------===//
#include "cli/LintStep.h"
#include "analyzer/ResultCache.h"
#include "report/ReportUtil.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace hotpath {

namespace {

/// Runs git with `Args` in `Dir`; its stdout, or an error with the first
/// line git wrote to stderr.
llvm::Expected<std::string> runGit(const std::string &Dir,
                                   std::vector<std::string> Args) {
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--diff needs git, which is not on PATH");
  llvm::SmallString<128> Out, Err;
  if (llvm::sys::fs::createTemporaryFile("hotpath-git", "out", Out) ||
      llvm::sys::fs::createTemporaryFile("hotpath-git", "err", Err))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot create a temporary file");
  std::vector<llvm::StringRef> Argv = {*Git, "-C", Dir};
  for (const std::string &A : Args)
    Argv.push_back(A);
  llvm::Optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), Out.str(),
                                                 Err.str()};
  std::string Message;
  int Rc = llvm::sys::ExecuteAndWait(*Git, Argv, llvm::None, Redirects, 0, 0,
                                     &Message);
  auto Read = [](llvm::StringRef Path) {
    auto B = llvm::MemoryBuffer::getFile(Path);
    std::string Text = B ? (*B)->getBuffer().str() : "";
    llvm::sys::fs::remove(Path);
    return Text;
  };
  std::string Stdout = Read(Out), Stderr = Read(Err);
  if (Rc != 0) {
    llvm::StringRef First = llvm::StringRef(Stderr).split('\n').first.trim();
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "git %s failed in %s: %s",
        Args.front().c_str(), Dir.c_str(),
        First.empty() ? Message.c_str() : First.str().c_str());
  }
  return Stdout;
}

} // namespace

llvm::Expected<GitChanges> gitChangesSince(const std::string &Rev,
                                           const std::string &Dir) {
  GitChanges Out;
  llvm::Expected<std::string> Top =
      runGit(Dir, {"rev-parse", "--show-toplevel"});
  if (!Top)
    return Top.takeError();
  Out.TopLevel = llvm::StringRef(*Top).trim().str();
  if (llvm::Error E = runGit(Out.TopLevel, {"rev-parse", "--verify", "--quiet",
                                            Rev + "^{commit}"})
                          .takeError()) {
    llvm::consumeError(std::move(E));
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--diff %s: not a revision of the "
                                   "repository at %s",
                                   Rev.c_str(), Out.TopLevel.c_str());
  }
  llvm::Expected<std::string> Diff =
      runGit(Out.TopLevel, {"diff", "--unified=0", "--no-color",
                            "--no-ext-diff", "--no-renames", Rev, "--"});
  if (!Diff)
    return Diff.takeError();
  Out.Lines = parseUnifiedDiff(*Diff);
  return Out;
}

std::string cacheSalt(const Config &Cfg) {
  std::string Salt = std::string("hotpath ") + HOTPATH_VERSION;
  // This binary: its size and modification time (a rebuilt hotpath may
  // find different things under the same version).
  std::string Exe = llvm::sys::fs::getMainExecutable(
      "hotpath", reinterpret_cast<void *>(&cacheSalt));
  llvm::sys::fs::file_status Status;
  if (!llvm::sys::fs::status(Exe, Status))
    Salt += " " + std::to_string(Status.getSize()) + " " +
            std::to_string(
                Status.getLastModificationTime().time_since_epoch().count());
  Salt += '\0' + Cfg.dump();
  for (const std::string &Catalog : Cfg.Catalogs)
    Salt += '\0' + hashFile(Catalog).value_or("unreadable");
  return Salt;
}

std::vector<RuleInfo> ruleInfos(const std::vector<const Rule *> &Rules,
                                const PriorityTable &Table) {
  std::vector<RuleInfo> Out;
  for (const Rule *R : Rules) {
    const CategoryPriority &Row = Table.row(R->category());
    const SpeedupRange *Own = Table.ruleSpeedup(R->id());
    RuleInfo Info;
    Info.Id = R->id();
    Info.Cat = R->category();
    Info.Summary = R->summary().str();
    Info.Priority = Row.Priority;
    Info.Effort = Row.Effort;
    Info.SpeedupLow = Own ? Own->Low : Row.SpeedupLow;
    Info.SpeedupHigh = Own ? Own->High : Row.SpeedupHigh;
    Out.push_back(std::move(Info));
  }
  return Out;
}

std::vector<FlameFrame>
flameFrames(const Profile &P, const std::vector<RankedFinding> &Findings) {
  std::vector<FlameFrame> Out;
  if (P.total() <= 0)
    return Out;
  // A flame graph of a few thousand boxes at most: narrower ones are
  // invisible at page width anyway.
  for (const FlameBox &B : P.flameGraph(/*MinFraction=*/0.001)) {
    FlameFrame F;
    F.Name = P.functions()[B.Function].Name;
    F.Depth = B.Depth;
    F.Start = B.Start / P.total();
    F.Width = B.Width / P.total();
    F.Ranks = ranksInFunction(Findings, F.Name);
    Out.push_back(std::move(F));
  }
  return Out;
}

} // namespace hotpath
