// A project header: analysed like the main file.
#pragma once
#include <fstream>
#include <string>

inline int projectCount(const std::string &path, int times) {
  int n = 0;
  for (int i = 0; i < times; ++i) {
    std::ifstream in(path);
    n += in.good();
  }
  return n;
}
