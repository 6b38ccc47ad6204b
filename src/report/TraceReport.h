//===- TraceReport.h - What `hotpath trace` prints ------------------------===//
#ifndef HOTPATH_REPORT_TRACEREPORT_H
#define HOTPATH_REPORT_TRACEREPORT_H

#include "model/Profile.h"
#include "model/RankedFinding.h"

#include <optional>
#include <string>
#include <vector>

namespace hotpath {

/// Text summary: totals, hottest functions by inclusive and self share, the
/// hot path, the hottest lines and the import problems. `Top` rows each.
std::string renderTraceText(const std::vector<TraceInfo> &Sources,
                            const Profile &P, unsigned Top);
/// JSON with the fields of issue #3 (traces, functions, hot_path, lines):
/// every function and line, or the `Top` hottest of each.
std::string renderTraceJson(const std::vector<TraceInfo> &Sources,
                            const Profile &P, std::optional<unsigned> Top);

} // namespace hotpath

#endif
