//===- EmbeddedFile.h - Data files compiled into the binary ---------------===//
#ifndef HOTPATH_MODEL_EMBEDDEDFILE_H
#define HOTPATH_MODEL_EMBEDDEDFILE_H

namespace hotpath {

/// A data file from rules/ embedded at build time, so the binary works from
/// any directory without an install step.
struct EmbeddedFile {
  const char *Name;
  const char *Contents;
};

} // namespace hotpath

#endif
