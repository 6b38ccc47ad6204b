// Two compile errors; Clang recovers and the loop below is still analysed.
#include <string>
#include <vector>

std::vector<int> loadTable(const std::string &name) {
  std::vector<int> table;
  for (char c : name)
    table.push_back(c);
  return table;
}
long f(const std::string &name, int n) { long s = 0; for (int i = 0; i < n; ++i) s += loadTable(name).size(); return s; }
int g() { return undeclared_one + undeclared_two; }
