// Defines loadTable(): expensive because its body loops. Analysed together
// with caller.cpp, it makes the call there a loop-invariant expensive call.
#include <string>
#include <vector>

std::vector<int> loadTable(const std::string &name) {
  std::vector<int> table;
  for (char c : name)
    table.push_back(c);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'table' grows by one element per iteration of the range-for loop at line 8, whose trip count is known; reserve it before the loop [micro-vector-reserve]
  return table;
}
