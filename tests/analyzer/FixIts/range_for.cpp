#include <string>
#include <vector>

size_t total(const std::vector<std::string> &names,
             const std::vector<std::vector<float>> &rows) {
  size_t n = 0;
  for (std::string name : names)
    n += name.size();
  for (const std::vector<float> row : rows)
    n += row.size();
  return n;
}
