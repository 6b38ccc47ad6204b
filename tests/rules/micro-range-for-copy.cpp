// Fixture for micro-range-for-copy (docs/rules/micro-range-for-copy.md).
#include <map>
#include <string>
#include <vector>

size_t totalLength(const std::vector<std::string> &names) {
  size_t n = 0;
  for (std::string name : names)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the range-for loop at line 8 copies every 'std::string' into 'name' and never modifies it; iterate by const reference [micro-range-for-copy]
    n += name.size();
  return n;
}

size_t rows(const std::vector<std::vector<float>> &table) {
  size_t n = 0;
  for (auto row : table)
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: the range-for loop at line 16 copies every 'std::vector<float>' into 'row' [micro-range-for-copy]
    n += row.size();
  return n;
}

// Not flagged: the copy is modified (it is needed).
std::vector<std::string> upper(const std::vector<std::string> &names) {
  std::vector<std::string> out;
  for (std::string name : names) {
    name += "!";
    out.push_back(name);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'out' grows by one element per iteration of the range-for loop at line 25, whose trip count is known; reserve it before the loop [micro-vector-reserve]
  }
  return out;
}

// Not flagged: trivially copyable elements copy for free.
int sum(const std::vector<int> &xs) {
  int s = 0;
  for (int x : xs)
    s += x;
  return s;
}

// Not flagged: already a reference.
size_t byReference(const std::vector<std::string> &names) {
  size_t n = 0;
  for (const std::string &name : names)
    n += name.size();
  return n;
}

// Not flagged: a pair of integers has a trivial copy constructor and
// destructor (only its assignment is user-provided): copying it is as cheap
// as a reference, as clang-tidy's performance-for-range-copy decides.
long sumPairs(const std::vector<std::pair<long, long>> &pairs) {
  long s = 0;
  for (std::pair<long, long> p : pairs)
    s += p.first + p.second;
  return s;
}

#include <memory>

// Not flagged: copying a handle (std::shared_ptr here; at::Tensor,
// c10::intrusive_ptr and aggregates of handles such as
// torch::data::Example<> alike) is a reference-count increment, no
// allocation: a reference saves next to nothing.
struct Pair {
  std::shared_ptr<int> a, b;
};
int sumShared(const std::vector<std::shared_ptr<int>> &ps,
              const std::vector<Pair> &pairs) {
  int s = 0;
  for (std::shared_ptr<int> p : ps)
    s += *p;
  for (Pair q : pairs)
    s += *q.a + *q.b;
  return s;
}

// Not flagged: a class of handles with constructors of its own but the
// memberwise copy (torch::data::Example<>'s shape) copies like its handles.
struct Sample {
  Sample() = default;
  Sample(std::shared_ptr<int> d, std::shared_ptr<int> t) : data(d), target(t) {}
  std::shared_ptr<int> data, target;
};
int sumSamples(const std::vector<Sample> &samples) {
  int s = 0;
  for (Sample x : samples)
    s += *x.data + *x.target;
  return s;
}
