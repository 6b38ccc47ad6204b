//===- ImportStats.h - Per-record problems of an import -------------------===//
#ifndef HOTPATH_MODEL_IMPORTSTATS_H
#define HOTPATH_MODEL_IMPORTSTATS_H

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace hotpath {

/// How bad a per-record problem is.
enum class Severity { Info, Error, DataLoss };
const char *severityName(Severity S);

/// Per-record problems counted by kind and severity, never dropped silently
/// (Perfetto's stats table).
class ImportStats {
public:
  struct Entry {
    uint64_t Count = 0;
    /// Where it first happened ("line 12", "byte 4096").
    std::string FirstAt;
  };
  void count(Severity S, const std::string &Kind, const std::string &At = "",
             uint64_t N = 1);
  void merge(const ImportStats &Other);
  /// (severity, kind) -> entry; DataLoss sorts last.
  const std::map<std::pair<Severity, std::string>, Entry> &entries() const {
    return Entries;
  }
  uint64_t count(Severity S) const;

private:
  std::map<std::pair<Severity, std::string>, Entry> Entries;
};

} // namespace hotpath

#endif
