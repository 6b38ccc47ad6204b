// Calls loadTable() (defined in loader.cpp) with a loop-invariant argument.
#include <string>
#include <vector>

std::vector<int> loadTable(const std::string &name);

long lookups(const std::string &name, const std::vector<int> &keys) {
  long hits = 0;
  for (int key : keys)
    hits += loadTable(name).size() > static_cast<unsigned>(key);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'loadTable' is expensive and loop-invariant [caching-loop-invariant-call]
  return hits;
}
