// Fixture for micro-vector-reserve (docs/rules/micro-vector-reserve.md).
#include <string>
#include <vector>

std::vector<double> squares(int n) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i)
    out.push_back(1.0 * i * i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'out' grows by one element per iteration of the for loop at line 7, whose trip count is known; reserve it before the loop [micro-vector-reserve]
  return out;
}

std::vector<std::string> labels(const std::vector<int> &ids) {
  std::vector<std::string> out;
  for (int id : ids) {
    std::string s = "id" + std::to_string(id);
    out.emplace_back(s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'out' grows by one element per iteration of the range-for loop at line 15 [micro-vector-reserve]
  }
  return out;
}

// Not flagged: reserved before the loop.
std::vector<int> reserved(int n) {
  std::vector<int> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i)
    out.push_back(i);
  return out;
}

// Not flagged: the push is conditional; the final size is unknown.
std::vector<int> evens(const std::vector<int> &xs) {
  std::vector<int> out;
  for (int x : xs)
    if (x % 2 == 0)
      out.push_back(x);
  return out;
}

// Not flagged: a while loop's trip count is not known when it starts.
std::vector<int> untilZero(int x) {
  std::vector<int> out;
  while (x != 0) {
    out.push_back(x % 10);
    x /= 10;
  }
  return out;
}

// Not flagged: the `continue` skips the push_back on some iterations, so
// the vector does not grow by one element per iteration and its final size
// is not the trip count.
std::vector<int> positives(const int *xs, int n) {
  std::vector<int> out;
  for (int j = 0; j < n; j++) {
    if (xs[j] < 0)
      continue;
    out.push_back(xs[j]);
  }
  return out;
}

// Not flagged: a single-pass range (a data loader, a stream, a generator)
// has no size(): there is no count to reserve.
struct Numbers {
  struct It {
    int v;
    int operator*() const { return v; }
    It &operator++() {
      ++v;
      return *this;
    }
    bool operator!=(const It &o) const { return v != o.v; }
  };
  It begin() const { return {0}; }
  It end() const { return {10}; }
};
std::vector<int> drain(const Numbers &numbers) {
  std::vector<int> out;
  for (int v : numbers)
    out.push_back(v);
  return out;
}
