//===- Config.h - .hotpath.yaml, found and read like .clang-tidy ----------===//
//
//   Rules: '-*,batching-*,caching-*'   # globs, later ones win ('-' disables)
//   ColdThreshold: 0.02
//   HeaderFilterRegex: 'include/mylib/.*'
//   Exclude: ['generated/*', 'tools/legacy/*']  # root-relative path globs
//   Priorities:
//     caching: {Speedup: [2, 8], Effort: low, Priority: high}
//   Catalogs: [rules/my-apis.json]     # relative to the config file
//   RuleOptions:
//     algorithmic-linear-search-in-loop.MaxTinySize: '4'
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_CONFIG_H
#define HOTPATH_ANALYZER_CONFIG_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotpath {

struct PriorityOverride {
  std::optional<std::pair<double, double>> Speedup;
  std::optional<std::string> Effort;
  std::optional<std::string> Priority;
};

struct Config {
  /// Where it was read from; empty for the defaults.
  std::string Path;
  std::string Rules = "*";
  double ColdThreshold = 0.01;
  std::string HeaderFilterRegex = ".*";
  /// Globs of paths relative to the project root that are library code,
  /// beside the vendored and build trees (docs/configuration.md).
  std::vector<std::string> Exclude;
  std::map<std::string, PriorityOverride> Priorities; ///< by category id
  std::vector<std::string> Catalogs;                  ///< absolute paths
  std::map<std::string, std::string> RuleOptions;
  /// The line of each rule option in the file, for errors about its value
  /// found when the rules are created.
  std::map<std::string, unsigned> RuleOptionLines;

  /// The rule is enabled by the `Rules` globs (the last matching glob wins;
  /// a leading '-' disables).
  bool ruleEnabled(llvm::StringRef RuleId) const;
  /// YAML that parse() reads back to the same configuration.
  std::string dump() const;
  /// Reads a configuration; errors name the file, the line and the key.
  static llvm::Expected<Config> parse(llvm::StringRef Yaml,
                                      llvm::StringRef Path);
  /// The nearest `.hotpath.yaml` in `Dir` or a parent directory; empty if
  /// there is none.
  static std::string find(llvm::StringRef Dir);
};

} // namespace hotpath

#endif
