// NOLINT comments on real findings (SuppressionTest).
#include <string>
#include <vector>

std::string build(const std::vector<std::string> &parts) {
  std::string a, b, c, d, e;
  for (const std::string &p : parts) {
    a = a + p; // NOLINT
    b = b + p; // NOLINT(algorithmic-*)
    c = c + p; // NOLINT(micro-*): another rule, so still reported
    // NOLINTNEXTLINE(algorithmic-quadratic-string-build)
    d = d + p;
    // NOLINTBEGIN(algorithmic-quadratic-string-build, micro-*)
    e = e + p;
    // NOLINTEND(algorithmic-quadratic-string-build, micro-*)
  }
  return a + b + c + d + e;
}

std::string unmatched(const std::vector<std::string> &parts) {
  std::string s;
  // NOLINTBEGIN
  for (const std::string &p : parts)
    s = s + p;
  return s;
}
// NOLINTEND(micro-*)
