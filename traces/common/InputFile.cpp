//===- InputFile.cpp ------------------------------------------------------===//
#include "traces/common/InputFile.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>

namespace hotpath {

llvm::Error traceError(const std::string &Path, const std::string &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 Path.c_str(), What.c_str());
}

llvm::Expected<std::unique_ptr<InputFile>>
InputFile::open(const std::string &Path) {
  std::unique_ptr<InputFile> F(new InputFile());
  F->Path = Path;
  FILE *Raw = std::fopen(Path.c_str(), "rb");
  if (!Raw)
    return traceError(Path, "cannot open: " + std::string(strerror(errno)));
  unsigned char Magic[2] = {0, 0};
  size_t N = std::fread(Magic, 1, 2, Raw);
  std::fclose(Raw);
  F->Gzip = N == 2 && Magic[0] == 0x1f && Magic[1] == 0x8b;
  if (!F->Gzip) {
    // Plain files are read directly: zlib's transparent mode would copy
    // every byte once more through its own buffer.
    F->Plain = std::fopen(Path.c_str(), "rb");
    if (!F->Plain)
      return traceError(Path, "cannot open: " + std::string(strerror(errno)));
    char Buf[4096];
    size_t Got = std::fread(Buf, 1, sizeof(Buf), static_cast<FILE *>(F->Plain));
    F->Prefix.assign(Buf, Got);
    if (llvm::Error E = F->rewind())
      return std::move(E);
    return std::move(F);
  }
  F->Handle = gzopen(Path.c_str(), "rb");
  if (!F->Handle)
    return traceError(Path, "cannot open");
  gzbuffer(static_cast<gzFile>(F->Handle), 1 << 17);
  char Buf[4096];
  llvm::Expected<size_t> Got = F->read(Buf, sizeof(Buf));
  if (!Got)
    return Got.takeError();
  F->Prefix.assign(Buf, *Got);
  if (llvm::Error E = F->rewind())
    return std::move(E);
  return std::move(F);
}

InputFile::~InputFile() {
  if (Handle)
    gzclose(static_cast<gzFile>(Handle));
  if (Plain)
    std::fclose(static_cast<FILE *>(Plain));
}

llvm::Expected<size_t> InputFile::read(char *Buffer, size_t Size) {
  if (Plain) {
    size_t N = std::fread(Buffer, 1, Size, static_cast<FILE *>(Plain));
    if (N == 0 && std::ferror(static_cast<FILE *>(Plain)))
      return traceError(Path, "read error at byte " + std::to_string(Offset));
    Offset += N;
    return N;
  }
  int N =
      gzread(static_cast<gzFile>(Handle), Buffer, static_cast<unsigned>(Size));
  if (N < 0) {
    int Code = 0;
    const char *Msg = gzerror(static_cast<gzFile>(Handle), &Code);
    return traceError(Path, "corrupt gzip data at byte " +
                                std::to_string(Offset) + ": " +
                                (Msg ? Msg : "read error"));
  }
  // A gzip stream that ends early reads as EOF; zlib flags it.
  if (N == 0 && Gzip) {
    int Code = 0;
    gzerror(static_cast<gzFile>(Handle), &Code);
    if (Code == Z_BUF_ERROR)
      return traceError(Path, "truncated gzip data at byte " +
                                  std::to_string(Offset));
  }
  Offset += N;
  return static_cast<size_t>(N);
}

llvm::Error InputFile::rewind() {
  if (Plain) {
    if (std::fseek(static_cast<FILE *>(Plain), 0, SEEK_SET) != 0)
      return traceError(Path, "cannot rewind");
    Offset = 0;
    return llvm::Error::success();
  }
  if (gzrewind(static_cast<gzFile>(Handle)) != 0)
    return traceError(Path, "cannot rewind");
  Offset = 0;
  return llvm::Error::success();
}

llvm::Error LineReader::fill() {
  if (Eof)
    return llvm::Error::success();
  // One buffer, allocated once: keep the unread tail, read behind it.
  constexpr size_t Block = 1 << 20;
  if (Buf.empty())
    Buf.resize(2 * Block + MaxLine);
  std::memmove(Buf.data(), Buf.data() + Pos, Len - Pos);
  Len -= Pos;
  Pos = 0;
  llvm::Expected<size_t> N = In.read(Buf.data() + Len, Buf.size() - Len);
  if (!N)
    return N.takeError();
  Len += *N;
  Eof = *N == 0;
  return llvm::Error::success();
}

llvm::Expected<bool> LineReader::next(std::string &Line, bool &Cut) {
  llvm::StringRef View;
  llvm::Expected<bool> More = nextView(View, Cut);
  if (More && *More)
    Line.assign(View.data(), View.size());
  else
    Line.clear();
  return More;
}

llvm::Expected<bool> LineReader::nextView(llvm::StringRef &Line, bool &Cut) {
  Cut = false;
  while (true) {
    const char *Start = Buf.data() + Pos;
    const char *NL =
        Len > Pos
            ? static_cast<const char *>(std::memchr(Start, '\n', Len - Pos))
            : nullptr;
    if (NL || Eof) {
      if (!NL && Pos >= Len && !Cut)
        return false;
      size_t End = NL ? NL - Buf.data() : Len;
      if (Cut) {
        Line = Long; // the head kept while skipping the rest
      } else {
        Line = llvm::StringRef(Start, End - Pos);
        if (Line.size() > MaxLine) {
          Line = Line.take_front(MaxLine);
          Cut = true;
        }
      }
      Terminated = NL != nullptr;
      Pos = NL ? End + 1 : Len;
      ++Number;
      if (Line.endswith("\r"))
        Line = Line.drop_back();
      return true;
    }
    // No newline yet. A line longer than MaxLine: keep its head, drop the
    // rest as it streams by, so memory stays bounded.
    if (!Cut && Len - Pos > MaxLine) {
      Long.assign(Start, MaxLine);
      Cut = true;
    }
    if (Cut)
      Pos = Len;
    if (llvm::Error E = fill())
      return std::move(E);
  }
}

llvm::Error forEachLine(InputFile &In, ImportStats &Stats,
                        llvm::function_ref<void(llvm::StringRef, uint64_t)> Fn,
                        bool *LastTerminated) {
  LineReader Reader(In);
  llvm::StringRef Line;
  bool Cut = false;
  while (true) {
    llvm::Expected<bool> More = Reader.nextView(Line, Cut);
    if (!More)
      return More.takeError();
    if (!*More)
      break;
    if (Cut) {
      Stats.count(Severity::DataLoss, "line longer than 1 MiB",
                  "line " + std::to_string(Reader.lineNumber()));
      continue;
    }
    Fn(Line, Reader.lineNumber());
  }
  if (LastTerminated)
    *LastTerminated = Reader.lastLineTerminated();
  return llvm::Error::success();
}

llvm::Error readAll(InputFile &In, std::string &Out, size_t Limit) {
  char Buf[1 << 16];
  while (true) {
    llvm::Expected<size_t> N = In.read(Buf, sizeof(Buf));
    if (!N)
      return N.takeError();
    if (*N == 0)
      return llvm::Error::success();
    Out.append(Buf, *N);
    if (Out.size() > Limit)
      return traceError(In.path(), "larger than " +
                                       std::to_string(Limit >> 20) +
                                       " MiB, too large to read as one "
                                       "document");
  }
}

} // namespace hotpath
