//===- InputFile.cpp ------------------------------------------------------===//
#include "traces/common/InputFile.h"

#include "llvm/Support/FileSystem.h"

#include <zlib.h>

#include <algorithm>

#include <cstdio>
#include <cstring>

namespace hotpath {

llvm::Error traceError(const std::string &Path, const std::string &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 Path.c_str(), What.c_str());
}

namespace {

constexpr size_t PrefixSize = 4096;
constexpr size_t RawChunk = 1 << 16;

} // namespace

llvm::Expected<std::unique_ptr<InputFile>>
InputFile::open(const std::string &Path) {
  std::unique_ptr<InputFile> F(new InputFile());
  F->Path = Path;
  if (Path == "-") {
    F->Plain = stdin;
    F->OwnsPlain = false;
    F->Stream = true;
  } else {
    // Only what can be read to its end: a regular file, or a pipe the
    // user hands over (`perf script | hotpath trace /dev/stdin`). A
    // directory or a device (/dev/zero) is refused before it is opened.
    llvm::sys::fs::file_status Status;
    if (std::error_code EC = llvm::sys::fs::status(Path, Status))
      return traceError(Path, "cannot open: " + EC.message());
    if (llvm::sys::fs::is_directory(Status))
      return traceError(Path, "is a directory, not a trace");
    if (!llvm::sys::fs::is_regular_file(Status) &&
        Status.type() != llvm::sys::fs::file_type::fifo_file)
      return traceError(Path, "not a regular file or a pipe");
    F->Stream = !llvm::sys::fs::is_regular_file(Status);
    F->Plain = std::fopen(Path.c_str(), "rb");
    if (!F->Plain)
      return traceError(Path, "cannot open: " + std::string(strerror(errno)));
  }
  if (llvm::Error E = F->start())
    return std::move(E);
  return std::move(F);
}

llvm::Expected<std::unique_ptr<InputFile>>
InputFile::fromMemory(const std::string &Path, std::string Bytes) {
  std::unique_ptr<InputFile> F(new InputFile());
  F->Path = Path;
  F->Memory = std::move(Bytes);
  // fmemopen of zero bytes fails; an empty file is a valid input.
  F->Memory.push_back('\0');
  F->Plain = fmemopen(F->Memory.data(), F->Memory.size() - 1, "rb");
  if (!F->Plain && F->Memory.size() == 1)
    F->Plain = fmemopen(F->Memory.data(), 1, "rb");
  if (!F->Plain)
    return traceError(Path, "cannot open memory");
  if (F->Memory.size() == 1)
    std::fgetc(static_cast<FILE *>(F->Plain)); // at the end
  if (llvm::Error E = F->start())
    return std::move(E);
  return std::move(F);
}

llvm::Error InputFile::start() {
  // The first raw bytes tell gzip; everything is then read once, forward:
  // a pipe cannot be rewound, so the prefix for sniffing is kept and read()
  // serves it before the rest.
  Raw.resize(RawChunk);
  size_t Got = std::fread(Raw.data(), 1, 2, static_cast<FILE *>(Plain));
  RawLen = Got;
  Gzip = Got == 2 && static_cast<unsigned char>(Raw[0]) == 0x1f &&
         static_cast<unsigned char>(Raw[1]) == 0x8b;
  if (Gzip) {
    auto *Z = new z_stream();
    Handle = Z;
    // 16 + MAX_WBITS: gzip framing only.
    if (inflateInit2(Z, 16 + MAX_WBITS) != Z_OK)
      return traceError(Path, "cannot start gzip decompression");
    Z->next_in = reinterpret_cast<Bytef *>(Raw.data());
    Z->avail_in = static_cast<uInt>(RawLen);
  }
  char Buf[PrefixSize];
  size_t Have = 0;
  while (Have < PrefixSize) {
    llvm::Expected<size_t> N = readSource(Buf + Have, PrefixSize - Have);
    if (!N)
      return N.takeError();
    if (*N == 0)
      break;
    Have += *N;
  }
  Prefix.assign(Buf, Have);
  return llvm::Error::success();
}

InputFile::~InputFile() {
  if (Handle) {
    inflateEnd(static_cast<z_stream *>(Handle));
    delete static_cast<z_stream *>(Handle);
  }
  if (Plain && OwnsPlain)
    std::fclose(static_cast<FILE *>(Plain));
}

llvm::Expected<size_t> InputFile::read(char *Buffer, size_t Size) {
  if (PrefixPos < Prefix.size()) {
    size_t N = std::min(Size, Prefix.size() - PrefixPos);
    std::memcpy(Buffer, Prefix.data() + PrefixPos, N);
    PrefixPos += N;
    Offset += N;
    return N;
  }
  llvm::Expected<size_t> N = readSource(Buffer, Size);
  if (N)
    Offset += *N;
  return N;
}

llvm::Expected<size_t> InputFile::readRaw(char *Buffer, size_t Size) {
  // The two magic bytes read at open come first.
  if (RawPos < RawLen && !Gzip) {
    size_t N = std::min(Size, RawLen - RawPos);
    std::memcpy(Buffer, Raw.data() + RawPos, N);
    RawPos += N;
    return N;
  }
  size_t N = std::fread(Buffer, 1, Size, static_cast<FILE *>(Plain));
  if (N == 0 && std::ferror(static_cast<FILE *>(Plain)))
    return traceError(Path, "read error at byte " + std::to_string(Offset));
  return N;
}

llvm::Expected<size_t> InputFile::readSource(char *Buffer, size_t Size) {
  if (!Gzip)
    return readRaw(Buffer, Size);
  auto *Z = static_cast<z_stream *>(Handle);
  Z->next_out = reinterpret_cast<Bytef *>(Buffer);
  Z->avail_out = static_cast<uInt>(std::min<size_t>(Size, 1u << 30));
  while (Z->avail_out > 0) {
    if (Z->avail_in == 0 && !RawEof) {
      size_t N =
          std::fread(Raw.data(), 1, Raw.size(), static_cast<FILE *>(Plain));
      if (N == 0 && std::ferror(static_cast<FILE *>(Plain)))
        return traceError(Path, "read error");
      RawEof = N == 0;
      Z->next_in = reinterpret_cast<Bytef *>(Raw.data());
      Z->avail_in = static_cast<uInt>(N);
    }
    if (Z->avail_in == 0 && RawEof) {
      if (!MemberDone)
        return traceError(Path,
                          "truncated gzip data at byte " +
                              std::to_string(Offset + (Size - Z->avail_out)));
      break;
    }
    if (MemberDone) {
      // Concatenated gzip members (`cat a.gz b.gz`) read as one stream.
      if (inflateReset(Z) != Z_OK)
        return traceError(Path, "corrupt gzip data");
      MemberDone = false;
    }
    int Rc = inflate(Z, Z_NO_FLUSH);
    if (Rc == Z_STREAM_END) {
      MemberDone = true;
      continue;
    }
    if (Rc != Z_OK && Rc != Z_BUF_ERROR)
      return traceError(Path,
                        "corrupt gzip data at byte " +
                            std::to_string(Offset + (Size - Z->avail_out)) +
                            ": " + (Z->msg ? Z->msg : "inflate error"));
    if (Rc == Z_BUF_ERROR && Z->avail_in != 0)
      return traceError(Path, "corrupt gzip data");
  }
  return Size - Z->avail_out;
}

llvm::Error LineReader::fill() {
  if (Eof)
    return llvm::Error::success();
  // One buffer, allocated once: keep the unread tail, read behind it.
  constexpr size_t Block = 1 << 20;
  // Not zero-filled: only [0, Len) is ever read.
  if (!Buf) {
    BufSize = 2 * Block + MaxLine;
    Buf.reset(new char[BufSize]);
  }
  std::memmove(Buf.get(), Buf.get() + Pos, Len - Pos);
  Len -= Pos;
  Pos = 0;
  llvm::Expected<size_t> N = In.read(Buf.get() + Len, BufSize - Len);
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
    const char *Start = Buf.get() + Pos;
    const char *NL =
        Len > Pos
            ? static_cast<const char *>(std::memchr(Start, '\n', Len - Pos))
            : nullptr;
    if (NL || Eof) {
      if (!NL && Pos >= Len && !Cut)
        return false;
      size_t End = NL ? NL - Buf.get() : Len;
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
