// Fixture for algorithmic-linear-search-in-loop (docs/rules/algorithmic-linear-search-in-loop.md).
// FLAGS: -std=c++20
#include <algorithm>
#include <array>
#include <deque>
#include <list>
#include <ranges>
#include <string>
#include <vector>

int countKnown(const std::vector<int> &ids, const std::vector<int> &known) {
  int n = 0;
  for (int id : ids)
    if (std::find(known.begin(), known.end(), id) != known.end())
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::find' scans 'known' on every iteration of the range-for loop at line 13: a linear membership test per item [algorithmic-linear-search-in-loop]
      ++n;
  return n;
}

long tally(const std::vector<std::string> &words,
           const std::list<std::string> &stop) {
  long n = 0;
  for (size_t i = 0; i < words.size(); ++i)
    n += std::count(std::begin(stop), std::end(stop), words[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::count' scans 'stop' on every iteration of the for loop at line 23 [algorithmic-linear-search-in-loop]
  return n;
}

int ranged(const std::vector<int> &ids, const std::deque<int> &known) {
  int n = 0;
  for (int id : ids)
    n += std::ranges::find(known, id) != known.end();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::ranges::find' scans 'known' on every iteration [algorithmic-linear-search-in-loop]
  return n;
}

std::vector<int> dedup(const std::vector<int> &xs) {
  std::vector<int> seen;
  for (int x : xs)
    if (!std::any_of(seen.begin(), seen.end(), [&](int y) { return y == x; }))
      // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::any_of' scans 'seen' on every iteration of the range-for loop at line 39 [algorithmic-linear-search-in-loop]
      seen.push_back(x);
  return seen;
}

int handWritten(const std::vector<int> &ids, const std::vector<int> &known) {
  int n = 0;
  for (int id : ids) {
    bool found = false;
    for (int k : known)
      if (k == id) {
        // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: the range-for loop at line 50 scans 'known' for every item of the range-for loop at line 48: a hand-written linear membership test [algorithmic-linear-search-in-loop]
        found = true;
        break;
      }
    n += found;
  }
  return n;
}

bool anyKnown(const std::vector<int> &ids, const std::vector<int> &known) {
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t j = 0; j < known.size(); ++j)
      if (known[j] == ids[i])
        // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: the for loop at line 63 scans 'known' for every item of the for loop at line 62 [algorithmic-linear-search-in-loop]
        return true;
  return false;
}

// Not flagged: a std::array of at most 8 elements is faster to scan.
int tinyArray(const std::vector<int> &ids) {
  static const std::array<int, 4> Special = {1, 2, 3, 5};
  int n = 0;
  for (int id : ids)
    n += std::find(Special.begin(), Special.end(), id) != Special.end();
  return n;
}

// Not flagged: a const container of at most 8 listed elements.
int tinyList(const std::vector<int> &ids) {
  const std::vector<int> Small = {2, 4, 8};
  int n = 0;
  for (int id : ids)
    n += std::count(Small.begin(), Small.end(), id);
  return n;
}

// Not flagged: the search runs once, outside any loop.
bool once(const std::vector<int> &known, int id) {
  return std::find(known.begin(), known.end(), id) != known.end();
}

// Not flagged: the searched value does not change in the loop (a
// loop-invariant computation, not a per-item membership test).
int sameValue(const std::vector<int> &ids, const std::vector<int> &known) {
  int n = 0;
  for (size_t i = 0; i < ids.size(); ++i)
    n += std::count(known.begin(), known.end(), 42);
  return n;
}

// Not flagged: the predicate is not an equality test.
int bigger(const std::vector<int> &ids, const std::vector<int> &known) {
  int n = 0;
  for (int id : ids)
    n += std::any_of(known.begin(), known.end(), [&](int k) { return k > id; });
  return n;
}

// Not flagged: a hand-written loop that does more than a membership test.
int sumMatches(const std::vector<int> &ids, const std::vector<int> &known) {
  int n = 0;
  for (int id : ids)
    for (int k : known)
      n += k == id;
  return n;
}

#include <unordered_set>

// std::find over a hash set walks every element; its own count() hashes.
int knownIds(const std::vector<int> &ids, const std::unordered_set<int> &known) {
  int n = 0;
  for (int id : ids)
    n += std::find(known.begin(), known.end(), id) != known.end();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::find' scans 'known' element by element on every iteration of the range-for loop at line 124, although the unordered_set has a lookup of its own [algorithmic-linear-search-in-loop]
  return n;
}

// The searched value changes only with the outer loop: one scan per item
// of the outer loop, repeated by the inner one.
int perRow(const std::vector<int> &rows, const std::vector<int> &known,
           int reps) {
  int n = 0;
  for (int r : rows)
    for (int k = 0; k < reps; ++k)
      n += std::count(known.begin(), known.end(), r);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::count' scans 'known' on every iteration of the range-for loop at line 135: a linear membership test per item [algorithmic-linear-search-in-loop]
  return n;
}
