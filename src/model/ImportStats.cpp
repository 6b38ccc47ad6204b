//===- ImportStats.cpp ----------------------------------------------------===//
#include "model/ImportStats.h"

namespace hotpath {

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Info:
    return "info";
  case Severity::Error:
    return "error";
  case Severity::DataLoss:
    return "data_loss";
  }
  return "error";
}

void ImportStats::count(Severity S, const std::string &Kind,
                        const std::string &At, uint64_t N) {
  Entry &E = Entries[{S, Kind}];
  if (E.Count == 0)
    E.FirstAt = At;
  E.Count += N;
}

void ImportStats::merge(const ImportStats &Other) {
  for (const auto &[Key, E] : Other.Entries)
    count(Key.first, Key.second, E.FirstAt, E.Count);
}

uint64_t ImportStats::count(Severity S) const {
  uint64_t N = 0;
  for (const auto &[Key, E] : Entries)
    if (Key.first == S)
      N += E.Count;
  return N;
}

} // namespace hotpath
