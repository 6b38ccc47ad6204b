//===- RankedFinding.cpp --------------------------------------------------===//
#include "model/RankedFinding.h"

namespace hotpath {

const char *evidenceId(Evidence E) {
  switch (E) {
  case Evidence::Line:
    return "line";
  case Evidence::Function:
    return "function";
  case Evidence::Operator:
    return "operator";
  case Evidence::Unmeasured:
    return "unmeasured";
  }
  return "unmeasured";
}

} // namespace hotpath
