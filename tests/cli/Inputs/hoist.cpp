// For cli_test.sh: a loop-invariant expensive call whose fix-it hoists its
// declaration; the test applies the exported fixes and recompiles.
#include <fstream>
#include <string>
#include <vector>

std::vector<std::string> readLines(const std::string &path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line))
    out.push_back(line);
  return out;
}

size_t total(const std::vector<std::string> &keys, const std::string &path) {
  size_t n = 0;
  for (const std::string &k : keys) {
    std::vector<std::string> lines = readLines(path);
    n += lines.size() + k.size();
  }
  return n;
}
