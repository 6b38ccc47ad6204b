//===- ResultCache.h - Per-TU results reused across runs ------------------===//
//
// A translation unit's results (findings, call-graph nodes, compile errors)
// depend on its compile command, the contents of every file it reads, the
// configuration and hotpath itself. The cache stores them under a key of
// the first (command, the TU's own contents, a salt naming the
// configuration and the tool) with the list of files the TU read and their
// content hashes; a lookup re-hashes those files, so editing any header
// invalidates exactly the TUs that read it (docs/ci.md "Result cache").
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_RESULTCACHE_H
#define HOTPATH_ANALYZER_RESULTCACHE_H

#include "model/FindingsSink.h"
#include "model/StaticCallGraph.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace hotpath {

/// What one translation unit produced, merged after all TUs ran.
struct TUResult {
  FindingsSink Sink;
  StaticCallGraph Graph;
  IncompleteFile Errors;
  bool Ran = false;
  /// The files the TU read (itself and every include): absolute path and
  /// hashContents() of what the parse read, in path order. Set for fresh
  /// results only (what store() records).
  std::vector<std::pair<std::string, std::string>> Dependencies;
};

/// Serialized form of a TUResult (JSON text) and back; std::nullopt when
/// the text is not one (a damaged cache entry is a miss, never an error).
std::string serializeResult(const TUResult &R);
std::optional<TUResult> deserializeResult(const std::string &Text);

/// xxHash64 of contents, 16 hex digits.
std::string hashContents(llvm::StringRef Contents);
/// hashContents() of a file; std::nullopt when it cannot be read.
std::optional<std::string> hashFile(const std::string &Path);

class ResultCache {
public:
  /// `Salt` names everything besides the TU that results depend on (tool
  /// build, configuration, catalogs, project root, resource directory).
  ResultCache(std::string Dir, std::string Salt)
      : Dir(std::move(Dir)), Salt(std::move(Salt)) {}

  /// The entry key of a TU; std::nullopt when the file cannot be read.
  std::optional<std::string>
  key(const std::string &File, const std::string &Directory,
      const std::vector<std::string> &CommandLine) const;
  /// An entry key from `Parts` and the salt (for entries that are not a
  /// C++ TU's: a Python file's, keyed by its path and contents hash).
  std::string key(const std::vector<std::string> &Parts) const;
  /// The cached result when every file it read still has the recorded
  /// contents.
  std::optional<TUResult> lookup(const std::string &Key) const;
  /// Whether a recorded dependency (a path and what it was) still holds.
  using FreshFn =
      llvm::function_ref<bool(const std::string &, const std::string &)>;
  /// The cached result when `Fresh` holds for every recorded dependency.
  std::optional<TUResult> lookup(const std::string &Key, FreshFn Fresh) const;
  /// Stores a result, written atomically; false when it could not be (the
  /// cache is an optimization: the run goes on).
  bool store(const std::string &Key, const TUResult &R) const;
  /// A text stored under `Key` with no dependencies, and back (a damaged
  /// entry is a miss): a Python file's entry, whose parts carry their own
  /// (docs/python.md).
  bool storeText(const std::string &Key, const std::string &Text) const;
  std::optional<std::string> lookupText(const std::string &Key) const;

  const std::string &directory() const { return Dir; }

private:
  std::string entryPath(const std::string &Key) const;
  std::optional<std::string> lookupEntry(const std::string &Key,
                                         FreshFn Fresh) const;
  bool storeEntry(
      const std::string &Key,
      const std::vector<std::pair<std::string, std::string>> &Dependencies,
      const std::string &Result) const;
  std::string Dir;
  std::string Salt;
};

/// The default cache directory: $XDG_CACHE_HOME/hotpath, else
/// ~/.cache/hotpath.
std::string defaultCacheDirectory();

} // namespace hotpath

#endif
