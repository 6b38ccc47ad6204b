// Defines loadTable(): expensive because its body loops. Analysed together
// with caller.cpp, it makes the call there a loop-invariant expensive call.
#include <string>
#include <vector>

std::vector<int> loadTable(const std::string &name) {
  std::vector<int> table;
  for (char c : name)
    table.push_back(c);
  return table;
}
