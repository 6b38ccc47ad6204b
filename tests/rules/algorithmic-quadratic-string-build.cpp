// Fixture for algorithmic-quadratic-string-build (docs/rules/algorithmic-quadratic-string-build.md).
#include <string>
#include <vector>

std::string joinAll(const std::vector<std::string> &parts) {
  std::string out;
  for (const std::string &p : parts)
    out = out + p + ",";
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'out = out + p + ","' copies the whole string 'out' on every iteration of the range-for loop at line 7: quadratic in the string's length; append in place [algorithmic-quadratic-string-build]
  return out;
}

std::string reversed(const std::string &s) {
  std::string r;
  for (size_t i = 0; i < s.size(); ++i)
    r = s[i] + r;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'r = s[i] + r' copies the whole string 'r' on every iteration of the for loop at line 15: quadratic in the string's length; build it in order [algorithmic-quadratic-string-build]
  return r;
}

std::string digits(int n) {
  std::string s;
  do {
    s = std::to_string(n % 10) + s;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 's = std::to_string(n % 10) + s' copies the whole string 's' on every iteration of the do-while loop at line 23: quadratic in the string's length; build it in order [algorithmic-quadratic-string-build]
    n /= 10;
  } while (n > 0);
  return s;
}

std::string padded(std::string s, size_t width) {
  while (s.size() < width)
    s = std::move(s) + " ";
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: copies the whole string 's' on every iteration of the while loop at line 32 [algorithmic-quadratic-string-build]
  return s;
}

struct Log {
  std::string text;
  void addAll(const std::vector<std::string> &lines) {
    for (const std::string &l : lines)
      text = text + l + "\n";
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: copies the whole string 'text' on every iteration of the range-for loop at line 41 [algorithmic-quadratic-string-build]
  }
};

// Not flagged: += appends in place (amortized linear).
std::string appended(const std::vector<std::string> &parts) {
  std::string out;
  for (const std::string &p : parts)
    out += p;
  return out;
}

// Not flagged: the string is declared in the iteration; it never grows
// across iterations.
size_t perLine(const std::vector<std::string> &lines) {
  size_t n = 0;
  for (const std::string &l : lines) {
    std::string line = "> ";
    line = line + l;
    n += line.size();
  }
  return n;
}

// Not flagged: not a loop.
std::string once(const std::string &a, const std::string &b) {
  std::string s = a;
  s = s + b;
  return s;
}

// Not flagged: the right-hand side does not contain the string itself.
std::string last(const std::vector<std::string> &parts) {
  std::string s;
  for (const std::string &p : parts)
    s = p + "!";
  return s;
}
