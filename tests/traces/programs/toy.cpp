// A small CPU-bound program for generating real traces (perf, callgrind):
// a "model" scores items one at a time; expensive() dominates.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include "toy_inline.h"
namespace toy {

TOY_NOINLINE double expensive(double x) {
  double acc = 0;
  for (int i = 0; i < 2000; ++i)
    acc += std::sqrt(x + i) * 0.5;
  return acc;
}

__attribute__((noinline)) double cheap(double x) { return x * 2 + 1; }

struct Model {
  __attribute__((noinline)) double infer(const std::vector<double> &item) {
    double s = 0;
    for (double v : item)
      s += expensive(v);
    return s + cheap(s);
  }
};

} // namespace toy

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 4000;
  toy::Model m;
  std::vector<double> item(8, 1.5);
  double total = 0;
  for (int i = 0; i < n; ++i)
    total += m.infer(item);
  std::printf("%.3f\n", total);
  return 0;
}
