//===- Names.cpp ----------------------------------------------------------===//
#include "model/Names.h"

namespace hotpath {

std::string withoutParameters(const std::string &Name) {
  std::string N = Name;
  if (N.size() > 6 && N.compare(N.size() - 6, 6, " const") == 0)
    N.resize(N.size() - 6);
  if (N.empty() || N.back() != ')')
    return N;
  int Depth = 0;
  for (size_t I = N.size(); I-- > 0;) {
    Depth += N[I] == ')' ? 1 : N[I] == '(' ? -1 : 0;
    if (Depth == 0) {
      // "operator()" keeps its own parentheses.
      if (I >= 8 && N.compare(I - 8, 8, "operator") == 0)
        return N;
      return N.substr(0, I);
    }
  }
  return N;
}

} // namespace hotpath
