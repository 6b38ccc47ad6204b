//===- TraceReport.h - What `hotpath trace` prints ------------------------===//
#ifndef HOTPATH_REPORT_TRACEREPORT_H
#define HOTPATH_REPORT_TRACEREPORT_H

#include "model/Profile.h"

#include <string>
#include <vector>

namespace hotpath {

/// One input trace, as imported.
struct TraceSource {
  std::string Path;
  std::string Format;
  double Total = 0;
  std::string Unit;
  uint64_t Events = 0;
  ImportStats Stats;
  bool Truncated = false;
};

/// Text summary: totals, hottest functions by inclusive and self share, the
/// hot path, the hottest lines and the import problems. `Top` rows each.
std::string renderTraceText(const std::vector<TraceSource> &Sources,
                            const Profile &P, unsigned Top);
/// JSON with the fields of issue #3 (traces, functions, hot_path, lines).
std::string renderTraceJson(const std::vector<TraceSource> &Sources,
                            const Profile &P, unsigned Top);

} // namespace hotpath

#endif
