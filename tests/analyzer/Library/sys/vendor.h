// A library header (included with -isystem): its function bodies are never
// parsed. The body below would not compile if it were.
#pragma once
#include <fstream>
#include <string>

inline int vendorCount(const std::string &path) {
  int n = 0;
  for (int i = 0; i < 10; ++i) {
    std::ifstream in(path);
    n += this_identifier_does_not_exist;
  }
  return n;
}
