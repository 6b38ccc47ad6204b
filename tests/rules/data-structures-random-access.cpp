// Fixture for data-structures-random-access (docs/rules/data-structures-random-access.md).
#include <deque>
#include <iterator>
#include <list>
#include <vector>

double sumList(const std::list<double> &xs) {
  double s = 0;
  for (size_t i = 0; i < xs.size(); ++i)
    s += *std::next(xs.begin(), i);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::next(xs.begin(), i)' walks the list 'xs' from its start on every iteration of the for loop at line 9: quadratic in its length [data-structures-random-access]
  return s;
}

double advanced(const std::list<double> &xs, const std::vector<int> &at) {
  double s = 0;
  for (int k : at) {
    auto it = xs.begin();
    std::advance(it, k);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::advance(it, k)' walks the list 'xs' from its start on every iteration of the range-for loop at line 17 [data-structures-random-access]
    s += *it;
  }
  return s;
}

long sumDeque(const std::deque<int> &d) {
  long s = 0;
  for (size_t i = 0; i < d.size(); ++i)
    s += d[i] + d.at(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'd[i]' indexes the deque 'd' on every iteration of the for loop at line 28: two indirections per element [data-structures-random-access]
  // CHECK-MESSAGES: :[[@LINE-2]]:17: warning: 'd.at(i)' indexes the deque 'd' on every iteration [data-structures-random-access]
  return s;
}

// Not flagged: iterating the list.
double iterated(const std::list<double> &xs) {
  double s = 0;
  for (double x : xs)
    s += x;
  return s;
}

// Not flagged: the same position every iteration.
double fixed(const std::list<double> &xs, int n) {
  double s = 0;
  for (int k = 0; k < n; ++k)
    s += *std::next(xs.begin(), 2);
  return s;
}

// Not flagged: vectors index in O(1).
long sumVector(const std::vector<int> &v) {
  long s = 0;
  for (size_t i = 0; i < v.size(); ++i)
    s += v[i];
  return s;
}
