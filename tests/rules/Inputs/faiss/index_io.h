// Mock of <faiss/index_io.h>.
#pragma once
#include <faiss/Index.h>

namespace faiss {
Index *read_index(const char *fname, int io_flags = 0);
void write_index(const Index *idx, const char *fname);
} // namespace faiss
