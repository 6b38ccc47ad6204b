// Fixture for caching-loop-invariant-call (docs/rules/caching-loop-invariant-call.md).
#include <faiss/index_io.h>
#include <fstream>
#include <string>
#include <torch/torch.h>
#include <vector>

// Expensive: its body loops.
std::vector<std::string> loadVocab(const std::string &path) {
  std::vector<std::string> words;
  std::ifstream in(path);
  std::string w;
  while (in >> w)
    words.push_back(w);
  return words;
}

// Cheap: a trivial inline function.
inline int dimension(const std::vector<float> &v) { return 8; }

struct Config {
  std::string modelPath;
  const std::string &name() const { return modelPath; }
};

float scoreAll(const Config &cfg, const std::vector<torch::Tensor> &xs) {
  float total = 0;
  for (const torch::Tensor &x : xs) {
    torch::jit::Module m = torch::jit::load(cfg.modelPath);
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'torch::jit::load' is expensive and loop-invariant: its receiver and arguments do not change in the range-for loop at line 28 [caching-loop-invariant-call]
    total += m.forward({x}).toTensor().item<float>();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: model call 'm.forward({x})' runs once per item [batching-per-item-inference]
  }
  return total;
}

long countKnown(const std::string &vocabPath,
                const std::vector<std::string> &tokens) {
  long known = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::vector<std::string> vocab = loadVocab(vocabPath);
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'loadVocab' is expensive and loop-invariant [caching-loop-invariant-call]
    for (const std::string &w : vocab)
      known += w == tokens[i];
  }
  return known;
}

long searchNested(const std::string &indexPath, int rows, int cols) {
  long n = 0;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      faiss::Index *index = faiss::read_index(indexPath.c_str());
      // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'faiss::read_index' is expensive and loop-invariant: its receiver and arguments do not change in the for loop at line 51 [caching-loop-invariant-call]
      n += index->ntotal + r * c;
    }
  return n;
}

int linesPerQuery(const std::string &path, int queries) {
  int lines = 0;
  int q = 0;
  do {
    std::ifstream in(path);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'std::basic_ifstream<char>::basic_ifstream' is expensive and loop-invariant [caching-loop-invariant-call]
    std::string line;
    while (std::getline(in, line))
      ++lines;
  } while (++q < queries);
  return lines;
}

torch::Tensor repeatPrompt(torch::nn::Linear &model, const torch::Tensor &prompt,
                           int n) {
  std::vector<torch::Tensor> outs;
  for (int i = 0; i < n; ++i)
    outs.push_back(model->forward(prompt) * torch::randn({1}));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'torch::nn::LinearImpl::forward' is expensive and loop-invariant [caching-loop-invariant-call]
  return torch::stack(outs);
}

// Not flagged: cheap calls (size(), an accessor, a trivial inline function).
int cheap(const Config &cfg, const std::vector<float> &v) {
  int s = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    s += cfg.name().size() + dimension(v);
  return s;
}

// Not flagged: the argument changes with the loop.
long perPath(const std::vector<std::string> &paths) {
  long n = 0;
  for (std::size_t i = 0; i < paths.size(); ++i)
    n += loadVocab(paths[i]).size();
  return n;
}

// Not flagged: the loop changes the argument through a non-const member call.
long growingPath(std::string path, int n) {
  long total = 0;
  for (int i = 0; i < n; ++i) {
    path.append("/sub");
    total += loadVocab(path).size();
  }
  return total;
}

// Not flagged: a lambda's parameter takes a new value on every call.
long viaLambda(const std::vector<std::string> &paths) {
  long n = 0;
  for (int rep = 0; rep < 3; ++rep) {
    auto count = [&](const std::string &p) { return loadVocab(p).size(); };
    for (const std::string &p : paths)
      n += count(p);
  }
  return n;
}

// Not flagged: the argument is a structured binding of the loop's element.
long perEntry(const std::vector<std::pair<std::string, std::string>> &entries) {
  long n = 0;
  for (const auto &[name, path] : entries)
    n += loadVocab(path).size();
  return n;
}

struct Reader {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  // Expensive (it loops) and it advances the reader.
  std::vector<std::string> nextChunk(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n && pos < lines.size(); ++i)
      out.push_back(lines[pos++]);
    return out;
  }
  std::size_t countAll() const {
    std::size_t c = 0;
    for (const std::string &l : lines)
      c += l.size();
    return c;
  }
  // Not flagged: a non-const method on `this` changes the object each time.
  long chunks(int n) {
    long t = 0;
    for (int k = 0; k < 4; ++k)
      t += nextChunk(n).size();
    return t;
  }
  // Flagged: a const method on an object the loop does not change.
  std::size_t repeated(int times) const {
    std::size_t t = 0;
    for (int k = 0; k < times; ++k)
      t += countAll();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'Reader::countAll' is expensive and loop-invariant [caching-loop-invariant-call]
    return t;
  }
};

// Not flagged: the loop rewrites the file the call reads (same name, new
// content each iteration).
long rewriteAndReload(const std::string &path, int n) {
  long total = 0;
  for (int i = 0; i < n; ++i) {
    std::ofstream(path) << i;
    total += loadVocab(path).size();
  }
  return total;
}

// Not flagged: a call made for its side effects (void) cannot be hoisted.
void logLine(const std::string &path);
void logEach(const std::string &path, int n) {
  for (int i = 0; i < n; ++i)
    logLine(path);
}

// Not flagged: the loop trains the model, so the same input gives a new
// output in every iteration.
void overfit(torch::nn::Linear &model, const torch::Tensor &batch,
             torch::optim::SGD &opt, int steps) {
  for (int s = 0; s < steps; ++s) {
    opt.zero_grad();
    torch::Tensor loss = model->forward(batch);
    loss.backward();
    opt.step();
  }
}

#include <memory>
#include <stdexcept>
#include <unistd.h>

// ---- Real-code misreadings (FAISS 1.7.3, bench/realcode): each class has a
// hard negative with its reason, and a positive that shows the evidence.

// Expensive: its loop grows with `n`. Flagged below, with that evidence.
struct Table {
  std::vector<int> cells;
  explicit Table(int n) {
    for (int i = 0; i < n; ++i)
      cells.push_back(i);
  }
  int at(int i) const { return cells[i % cells.size()]; }
};
int readTable(int n, int m) {
  int s = 0;
  for (int i = 0; i < m; ++i) {
    Table t(n);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'Table::Table' is expensive and loop-invariant: its receiver and arguments do not change in the for loop at line 208, yet it runs on every iteration; expensive because its loop at caching-loop-invariant-call.cpp:201 grows with its input [caching-loop-invariant-call]
    s += t.at(i);
  }
  return s;
}

// Not flagged: the message is built only on the path that throws (the
// FAISS_THROW_IF_NOT shape): cold by construction, and the
// do { } while (false) around it is not a loop.
std::string describe(const std::string &path) {
  std::string out;
  for (char c : path)
    out += c == '/' ? ' ' : c;
  return out;
}
#define CHECK_OR_THROW(cond, path)                                             \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::string msg = describe(path);                                        \
      throw std::runtime_error(msg);                                           \
    }                                                                          \
  } while (false)
int checkAll(const std::vector<int> &xs, const std::string &path) {
  int s = 0;
  for (int x : xs) {
    CHECK_OR_THROW(x >= 0, path);
    s += x;
  }
  return s;
}

// Not flagged: a function whose body only throws (an unimplemented virtual
// getter's shape) is cold: no evidence that it is expensive.
int notImplemented(int) { throw std::logic_error("not implemented"); }
int sumCodeSizes(int n, int k) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += notImplemented(k);
  return s;
}

// Not flagged: the constructor loops over a constant 16 lanes (SIMD
// emulation): its cost does not grow with any input.
struct Lanes {
  unsigned short v[16];
  explicit Lanes(int x) {
    for (int i = 0; i < 16; i++)
      v[i] = x;
  }
};
int sumLanes(int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) {
    const Lanes l(3);
    s += l.v[i % 16];
  }
  return s;
}

// Not flagged: it reads the process's memory use from /proc, which changes
// on its own between calls (faiss::get_mem_usage_kb).
long rssKb(const std::string &tag) {
  std::ifstream in("/proc/self/status");
  std::string line;
  long kb = 0;
  while (std::getline(in, line))
    kb += line.size();
  return kb + tag.size();
}
long watchMemory(const std::string &tag, int n) {
  long total = 0;
  for (int i = 0; i < n; ++i)
    total += rssKb(tag);
  return total;
}

// Not flagged: it reads a global that another call may change.
int scale = 2;
int scaled(const std::vector<int> &xs) {
  int s = 0;
  for (int x : xs)
    s += x * scale;
  return s;
}
int scaledTwice(const std::vector<int> &xs, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += scaled(xs);
  return s;
}

// Not flagged: it calls a library function no catalog calls pure (getpid:
// hotpath cannot see its body, so its result may differ between calls).
int probe(int x) {
  int s = 0;
  for (int j = 0; j < x; ++j)
    s += getpid() % (j + 1);
  return s;
}
int probeAll(int n, int x) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += probe(x);
  return s;
}

// Not flagged: each iteration needs its own object (`new`, stored in a
// container: MetaIndexes' WorkerThread), so one made before the loop is not
// the same program.
std::vector<std::unique_ptr<Table>> makeTables(int n, int m) {
  std::vector<std::unique_ptr<Table>> out;
  for (int i = 0; i < m; ++i)
    out.emplace_back(new Table(n));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'out' grows by one element per iteration [micro-vector-reserve]
  return out;
}

// Not flagged: the loop changes the object after making it; reusing one
// made before the loop would carry the changes into the next iteration.
int mutateEach(int n, int m) {
  int s = 0;
  for (int i = 0; i < m; ++i) {
    Table t(n);
    t.cells.push_back(i);
    s += t.at(i);
  }
  return s;
}

// Not flagged: in a template, a call not resolved until instantiation may
// write any lvalue it is given (`f(t)` may take it by reference).
template <class F> int templated(int n, int m, F f) {
  int s = 0;
  for (int i = 0; i < m; ++i) {
    Table t(n);
    f(t);
    s += t.at(i);
  }
  return s;
}

// Not flagged: the call reorders the buffers it is given in place (pointers
// to non-const; faiss::maxheap_reorder): each call has an effect, whatever
// it returns.
size_t reorder(size_t k, float *v) {
  size_t swaps = 0;
  for (size_t i = 0; i + 1 < k - i; ++i, ++swaps)
    std::swap(v[i], v[k - 1 - i]);
  return swaps;
}
void reorderEach(int n, size_t k) {
  for (int i = 0; i < n; ++i) {
    std::vector<float> d(k, 1.0f);
    reorder(k, d.data());
  }
}
