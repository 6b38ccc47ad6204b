//===- Importer.h - One importer per trace format -------------------------===//
#ifndef HOTPATH_TRACES_IMPORTER_H
#define HOTPATH_TRACES_IMPORTER_H

#include "model/Profile.h"
#include "traces/common/InputFile.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace hotpath {

/// Reads one trace format into a Profile through its interning API.
class Importer {
public:
  virtual ~Importer();
  /// Format id shown to users ("perf-script", "chrome-json", ...).
  virtual llvm::StringRef format() const = 0;
  /// Cheap check on the first (decompressed) bytes; the path is a hint only.
  virtual bool sniff(llvm::StringRef Prefix, llvm::StringRef Path) const = 0;
  /// Imports the whole file. Fatal problems are errors naming the file and
  /// the line or byte; per-record problems go to P.stats().
  virtual llvm::Error import(InputFile &In, Profile &P) const = 0;
};

/// How to import.
struct ImportOptions {
  /// Resolve frames without source lines from the binaries' DWARF (perf).
  /// Off for hermetic tests: the result then depends only on the file.
  bool Symbolize = true;
};

/// Every importer, in detection priority order (most specific first).
std::vector<std::unique_ptr<Importer>>
createImporters(const ImportOptions &Opts = {});

/// One imported, finalized and validated trace.
struct ImportedTrace {
  std::string Path;
  std::string Format;
  Profile P;
  /// The file ended early: the results are partial.
  bool Truncated = false;
};

/// Opens `Path`, picks the importer by content, imports, finalizes and runs
/// checkValid().
llvm::Expected<ImportedTrace> importTrace(const std::string &Path,
                                          const ImportOptions &Opts = {});
/// The same for an opened input (InputFile::fromMemory in fuzz targets and
/// tests). With `Only`, that importer's format is forced (no sniffing).
llvm::Expected<ImportedTrace> importTrace(std::unique_ptr<InputFile> In,
                                          const ImportOptions &Opts = {},
                                          llvm::StringRef Only = "");

/// The stats kind importers use when input ends mid-record.
constexpr const char *TruncatedKind = "truncated input";

} // namespace hotpath

#endif
