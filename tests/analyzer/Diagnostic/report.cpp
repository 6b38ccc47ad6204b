// Code that only serves console output ranks as diagnostic (docs/ranking.md,
// "Code roles"). The same linear search in four functions.
#include <cstdio>
#include <vector>

// Diagnostic: the loop prints every point (FAISS's OperatingPoints::display).
void display(const std::vector<int> &points, const std::vector<int> &best) {
  for (size_t i = 0; i < points.size(); i++) {
    const char *star = "";
    for (size_t j = 0; j < best.size(); j++)
      if (points[i] == best[j]) {
        star = "*";
        break;
      }
    std::printf("%d %s\n", points[i], star);
  }
}

// Diagnostic: its only caller prints the result (FAISS's NNDescent::
// eval_recall, called under `if (verbose)`).
float recall(const std::vector<int> &found, const std::vector<int> &truth) {
  float hits = 0;
  for (size_t i = 0; i < found.size(); i++)
    for (size_t j = 0; j < truth.size(); j++)
      if (found[i] == truth[j]) {
        hits++;
        break;
      }
  return hits / truth.size();
}
void build(const std::vector<int> &found, const std::vector<int> &truth,
           bool verbose) {
  if (verbose) {
    float r = recall(found, truth);
    std::printf("recall %f\n", r);
  }
}

// Library: the result is used for more than a print.
float overlap(const std::vector<int> &a, const std::vector<int> &b) {
  float hits = 0;
  for (size_t i = 0; i < a.size(); i++)
    for (size_t j = 0; j < b.size(); j++)
      if (a[i] == b[j]) {
        hits++;
        break;
      }
  return hits;
}
float useOverlap(const std::vector<int> &a, const std::vector<int> &b) {
  float o = overlap(a, b);
  std::printf("overlap %f\n", o);
  return o * 2;
}

// Library: the loop prints only when something is wrong (guarded), so it
// is not a report of every item.
void check(const std::vector<int> &a, const std::vector<int> &b) {
  for (size_t i = 0; i < a.size(); i++) {
    bool in = false;
    for (size_t j = 0; j < b.size(); j++)
      if (a[i] == b[j]) {
        in = true;
        break;
      }
    if (!in)
      std::fprintf(stderr, "missing %d\n", a[i]);
  }
}
