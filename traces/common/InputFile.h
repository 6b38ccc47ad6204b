//===- InputFile.h - A trace file, gunzipped transparently ----------------===//
#ifndef HOTPATH_TRACES_INPUTFILE_H
#define HOTPATH_TRACES_INPUTFILE_H

#include "model/ImportStats.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hotpath {

/// Reads a trace in chunks, once, forward; gzip content is decompressed on
/// the fly whatever the file is called (concatenated members too). Never
/// loads the whole file. "-" is standard input; a pipe or FIFO streams like
/// a file. Only regular files and pipes are opened: a directory or a device
/// is an error.
class InputFile {
public:
  static llvm::Expected<std::unique_ptr<InputFile>>
  open(const std::string &Path);
  /// The content `Bytes` (kept by the InputFile), named `Path` in errors:
  /// for fuzz targets and tests.
  static llvm::Expected<std::unique_ptr<InputFile>>
  fromMemory(const std::string &Path, std::string Bytes);
  ~InputFile();

  const std::string &path() const { return Path; }
  bool isGzip() const { return Gzip; }
  /// Standard input, a pipe or a FIFO: the content cannot be read twice.
  bool isStream() const { return Stream; }
  /// The first bytes of the (decompressed) content, for sniffing; read()
  /// returns them first.
  llvm::StringRef prefix() const { return Prefix; }
  /// Reads up to `Size` bytes; 0 at the end. A decompression error is
  /// returned with the byte offset.
  llvm::Expected<size_t> read(char *Buffer, size_t Size);
  /// Decompressed bytes read so far.
  uint64_t offset() const { return Offset; }

private:
  InputFile() = default;
  /// After Plain is set: detects gzip and reads the prefix.
  llvm::Error start();
  /// Raw file bytes (the magic bytes read at open first).
  llvm::Expected<size_t> readRaw(char *Buffer, size_t Size);
  /// Content bytes after the prefix: raw, or inflated.
  llvm::Expected<size_t> readSource(char *Buffer, size_t Size);
  std::string Path;
  void *Handle = nullptr; // z_stream, for gzip content
  void *Plain = nullptr;  // FILE *
  bool OwnsPlain = true;
  bool Gzip = false;
  bool Stream = false;
  std::vector<char> Raw; ///< compressed input buffer (gzip), or the magic
  size_t RawLen = 0, RawPos = 0;
  bool RawEof = false;
  bool MemberDone = false;
  std::string Prefix;
  size_t PrefixPos = 0;
  std::string Memory; ///< fromMemory's bytes, behind Plain (fmemopen)
  uint64_t Offset = 0;
};

/// Reads lines of at most `MaxLine` bytes; a longer line is cut and flagged.
class LineReader {
public:
  explicit LineReader(InputFile &In, size_t MaxLine = 1 << 20)
      : In(In), MaxLine(MaxLine) {}
  /// Next line without its newline; false at the end. `Cut` is set when the
  /// line was longer than MaxLine (the rest is skipped).
  llvm::Expected<bool> next(std::string &Line, bool &Cut);
  /// Like next(), without copying: `Line` points into the reader's buffer
  /// and is valid until the next call.
  llvm::Expected<bool> nextView(llvm::StringRef &Line, bool &Cut);
  uint64_t lineNumber() const { return Number; }
  /// False when the last line returned ended at end of file without a
  /// newline (the file was probably cut).
  bool lastLineTerminated() const { return Terminated; }

private:
  InputFile &In;
  size_t MaxLine;
  std::unique_ptr<char[]> Buf; ///< unread bytes are [Pos, Len)
  size_t BufSize = 0;
  size_t Pos = 0;
  size_t Len = 0;
  bool Eof = false;
  uint64_t Number = 0;
  bool Terminated = true;
  std::string Long; ///< the kept head of a line longer than MaxLine
  llvm::Error fill();
};

/// Calls `Fn(Line, LineNumber)` for every line. A line longer than MaxLine
/// is counted as data loss in `Stats` and skipped. `LastTerminated` tells
/// whether the file ended with a newline (false: probably cut).
llvm::Error forEachLine(InputFile &In, ImportStats &Stats,
                        llvm::function_ref<void(llvm::StringRef, uint64_t)> Fn,
                        bool *LastTerminated = nullptr);

/// Reads the whole decompressed content (formats read as one document);
/// more than `Limit` bytes is an error naming the file.
llvm::Error readAll(InputFile &In, std::string &Out,
                    size_t Limit = size_t(1) << 30);

/// "FILE: what" error.
llvm::Error traceError(const std::string &Path, const std::string &What);

} // namespace hotpath

#endif
