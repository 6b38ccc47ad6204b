// Compiles; analysed in the same run as broken.cpp.
#include <string>
#include <vector>

std::vector<int> loadTable(const std::string &name);

long h(const std::string &name, int n) {
  long s = 0;
  for (int i = 0; i < n; ++i)
    s += loadTable(name).size();
  return s;
}
