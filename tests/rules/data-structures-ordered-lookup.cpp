// Fixture for data-structures-ordered-lookup (docs/rules/data-structures-ordered-lookup.md).
// FLAGS: -std=c++20
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

std::set<int64_t> loadIds();

int64_t countKept(const std::vector<int64_t> &labels) {
  int64_t kept = 0;
  std::set<int64_t> stop = loadIds();
  for (int64_t label : labels)
    kept += stop.count(label) == 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'stop.count(label)' looks up the std::set 'stop' on every iteration of the range-for loop at line 15, and nothing uses its order: each lookup walks a tree of nodes [data-structures-ordered-lookup]
  return kept;
}

std::vector<int> encode(const std::vector<std::string> &words) {
  std::map<std::string, int> vocab;
  std::vector<int> ids;
  for (const std::string &w : words) {
    auto it = vocab.find(w);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'vocab.find(w)' looks up the std::map 'vocab' on every iteration of the range-for loop at line 24 [data-structures-ordered-lookup]
    if (it == vocab.end())
      it = vocab.emplace(w, static_cast<int>(vocab.size())).first;
    ids.push_back(it->second);
  }
  return ids;
}

int dedup(const std::vector<int> &xs) {
  std::multiset<int> seen;
  std::map<int, int> counts;
  int i = 0, dup = 0;
  do {
    if (seen.contains(xs[i]))
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'seen.contains(xs[i])' looks up the std::multiset 'seen' on every iteration of the do-while loop at line 38 [data-structures-ordered-lookup]
      ++dup;
    seen.insert(xs[i]);
    counts[xs[i]] += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'counts[xs[i]]' looks up the std::map 'counts' on every iteration of the do-while loop at line 38 [data-structures-ordered-lookup]
  } while (++i < static_cast<int>(xs.size()));
  return dup + static_cast<int>(counts.size());
}

// Not flagged: the order is used — iterated afterwards.
long sortedHash(const std::vector<int> &xs) {
  std::set<int> s;
  for (int x : xs)
    if (!s.count(x))
      s.insert(x);
  long h = 0;
  for (int x : s)
    h = h * 31 + x;
  return h;
}

// Not flagged: begin() and lower_bound() walk the order.
int firstAndFloor(const std::vector<int> &xs, const std::map<int, int> &m0) {
  std::map<int, int> m = m0;
  int s = 0;
  for (int x : xs) {
    s += m.count(x);
    auto it = m.lower_bound(x);
    if (it != m.end())
      s += it->second;
  }
  std::set<int> t;
  for (int x : xs)
    s += t.count(x);
  return s + (t.empty() ? 0 : *t.begin());
}

// Not flagged: the container leaves the function (returned, passed on),
// so a caller may rely on its order.
void consume(const std::set<int> &s);
std::set<int> collect(const std::vector<int> &xs) {
  std::set<int> s, u;
  for (int x : xs) {
    if (!s.count(x))
      s.insert(x);
    if (!u.count(x))
      u.insert(x);
  }
  consume(u);
  return s;
}

// Not flagged: a comparator other than std::less makes the order part of the
// meaning; a key without std::hash.
struct Point {
  int x, y;
  bool operator<(const Point &o) const { return x < o.x; }
};
int others(const std::vector<int> &xs, const std::vector<Point> &ps) {
  std::set<int, std::greater<int>> desc;
  std::set<Point> points;
  int s = 0;
  for (int x : xs)
    s += desc.count(x);
  for (const Point &p : ps)
    s += points.count(p);
  return s;
}

// Not flagged: lookups outside loops; parameters (the caller owns the type);
// unordered containers.
int once(const std::set<int> &param, const std::vector<int> &xs) {
  std::map<int, int> m;
  int s = static_cast<int>(m.count(1));
  for (int x : xs)
    s += param.count(x);
  return s;
}

// Members: a private map of a class whose methods are all in view (in the
// class or below it) and none uses the order.
class Vocab {
public:
  explicit Vocab(const std::vector<std::string> &words);
  std::vector<int> encode(const std::vector<std::string> &ws) const;
  int size() const { return static_cast<int>(ids_.size()); }

private:
  std::map<std::string, int> ids_;
};

Vocab::Vocab(const std::vector<std::string> &words) {
  for (const std::string &w : words)
    ids_.emplace(w, static_cast<int>(ids_.size()));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ids_.emplace(w, static_cast<int>(ids_.size()))' looks up the std::map member 'ids_' on every iteration of the range-for loop at line 132, and nothing in its class uses its order: each lookup walks a tree of nodes [data-structures-ordered-lookup]
}

std::vector<int> Vocab::encode(const std::vector<std::string> &ws) const {
  std::vector<int> out;
  out.reserve(ws.size());
  for (const std::string &w : ws) {
    auto it = this->ids_.find(w);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'this->ids_.find(w)' looks up the std::map member 'ids_' on every iteration of the range-for loop at line 140 [data-structures-ordered-lookup]
    out.push_back(it == ids_.end() ? -1 : it->second);
  }
  return out;
}

// Not flagged: another method walks the member's order.
class Sorted {
public:
  bool any(const std::vector<int> &xs) const;
  int smallest() const { return *seen_.begin(); }

private:
  std::set<int> seen_;
};
bool Sorted::any(const std::vector<int> &xs) const {
  for (int x : xs)
    if (seen_.count(x))
      return true;
  return false;
}

// Not flagged: a method defined in another file could use the order; a
// public member; a friend.
class Elsewhere {
public:
  bool any(const std::vector<int> &xs) const {
    for (int x : xs)
      if (seen_.count(x))
        return true;
    return false;
  }
  void dump() const; // defined in another translation unit

private:
  std::set<int> seen_;
};
struct Open {
  std::set<int> seen;
  bool any(const std::vector<int> &xs) const {
    for (int x : xs)
      if (seen.count(x))
        return true;
    return false;
  }
};
class Befriended {
  friend void inspect(const Befriended &);
  std::set<int> seen_;

public:
  bool any(const std::vector<int> &xs) const {
    for (int x : xs)
      if (seen_.count(x))
        return true;
    return false;
  }
};

// The fix retypes what fills the container as well: the loader's inserts and
// the teardown of each iteration's set are code it changes (Finding::Related,
// RuleFixture.OrderedLookupRelatedCode).
std::set<int64_t> readIds(const std::vector<int64_t> &raw) {
  std::set<int64_t> ids;
  for (int64_t id : raw)
    ids.insert(id);
  return ids;
}

int64_t reloadPerQuery(const std::vector<std::vector<int64_t>> &queries,
                       const std::vector<int64_t> &raw) {
  int64_t kept = 0;
  for (const std::vector<int64_t> &labels : queries) {
    std::set<int64_t> stop = readIds(labels);
    for (int64_t label : raw)
      kept += stop.count(label) == 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'stop.count(label)' looks up the std::set 'stop' on every iteration of the range-for loop at line 216 [data-structures-ordered-lookup]
  }
  return kept;
}
