//===- ChromeJsonImporter.cpp ---------------------------------------------===//
#include "traces/chrome_json/ChromeJsonImporter.h"
#include "traces/common/Values.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <istream>
#include <map>
#include <streambuf>

namespace hotpath {

namespace {

/// Feeds InputFile to nlohmann's SAX parser without loading the file.
class InputStreamBuf : public std::streambuf {
public:
  explicit InputStreamBuf(InputFile &In) : In(In), Buf(1 << 16) {}
  llvm::Error takeError() { return std::move(Err); }
  uint64_t consumed() const { return In.offset() - (egptr() - gptr()); }

protected:
  int_type underflow() override {
    if (Err)
      return traits_type::eof();
    llvm::Expected<size_t> N = In.read(Buf.data(), Buf.size());
    if (!N) {
      Err = N.takeError();
      return traits_type::eof();
    }
    if (*N == 0)
      return traits_type::eof();
    setg(Buf.data(), Buf.data(), Buf.data() + *N);
    return traits_type::to_int_type(Buf[0]);
  }

private:
  InputFile &In;
  std::vector<char> Buf;
  llvm::Error Err = llvm::Error::success();
};

/// One interval on one thread, with its frame.
struct Span {
  double Ts, Dur;
  FrameId F;
  int64_t PyId = -1;     ///< python_function "Python id"
  int64_t PyParent = -1; ///< python_function "Python parent id"
};

struct RawEvent {
  std::string Name, Cat, Ph, Pid, Tid, Sf;
  double Ts = NAN, Dur = NAN, Weight = 1;
  bool HasWeight = false;
  int64_t PyId = -1, PyParent = -1;
  void clear() { *this = RawEvent(); }
};

constexpr size_t MaxDepth = 64;

/// Frame of an event: python_function names carry "file(line): func",
/// where line is the function's first line (its `def`), not a line that
/// ran: it becomes the function's FirstLine, never a cost line (as pstats'
/// `def` line). `FirstLine` is 0 for other events.
Frame eventFrame(const RawEvent &E, unsigned &FirstLine) {
  FirstLine = 0;
  Frame F;
  F.Name = E.Name;
  F.Dso = E.Cat;
  llvm::StringRef N(E.Name);
  size_t Open = N.find('(');
  size_t Close = N.find("): ");
  unsigned Line = 0;
  if (E.Cat == "python_function" && Open != llvm::StringRef::npos &&
      Close != llvm::StringRef::npos && Open < Close &&
      !N.substr(Open + 1, Close - Open - 1).getAsInteger(10, Line)) {
    F.File = N.substr(0, Open).str();
    FirstLine = Line;
    F.Name = N.substr(Close + 3).str();
  }
  return F;
}

FrameId internEventFrame(Profile &P, const RawEvent &E) {
  unsigned FirstLine = 0;
  FrameId Id = P.internFrame(eventFrame(E, FirstLine));
  if (FirstLine)
    P.setFirstLine(Id, FirstLine);
  return Id;
}

/// SAX handler: keeps only the event being read, never the document.
class Handler : public nlohmann::json_sax<nlohmann::json> {
public:
  Handler(Profile &P, std::map<std::string, std::vector<Span>> &Threads)
      : P(P), Threads(Threads) {}

  bool TooDeep = false;
  bool InsideEvent() const { return EventDepth && Path.size() >= EventDepth; }
  bool SawEvents = false;
  std::map<std::string, std::pair<std::string, std::string>> StackFrames;
  std::vector<std::pair<std::string, double>> Samples;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t V) override {
    return number(static_cast<double>(V));
  }
  bool number_unsigned(number_unsigned_t V) override {
    return number(static_cast<double>(V));
  }
  bool number_float(number_float_t V, const string_t &) override {
    return number(V);
  }
  bool string(string_t &V) override {
    if (atEventField())
      setField(V);
    else if (atStackFrameField())
      setStackFrameField(V);
    return true;
  }
  bool binary(binary_t &) override { return true; }
  bool key(string_t &K) override {
    Path.back().Key = K;
    return true;
  }
  bool start_object(std::size_t) override { return push(false); }
  bool end_object() override { return pop(); }
  bool start_array(std::size_t) override { return push(true); }
  bool end_array() override { return pop(); }
  bool parse_error(std::size_t Pos, const std::string &,
                   const nlohmann::detail::exception &Ex) override {
    ErrorPos = Pos;
    ErrorText = Ex.what();
    return false;
  }

  size_t ErrorPos = 0;
  std::string ErrorText;

private:
  struct Level {
    bool Array;
    std::string Key;
  };
  Profile &P;
  std::map<std::string, std::vector<Span>> &Threads;
  std::map<std::string, std::vector<Span>> Open; // B events per thread
  std::vector<Level> Path;
  size_t EventDepth = 0; ///< Path size of an event object
  enum { None, Event, Sample, StackFrame } Kind = None;
  RawEvent Cur;
  std::string FrameId, FrameName, FrameParent;

  bool push(bool Array) {
    if (Path.size() >= MaxDepth) {
      TooDeep = true;
      return false;
    }
    // Where does this container sit?
    if (!Array && Kind == None) {
      bool TopArray = Path.size() == 1 && Path[0].Array;
      bool InEvents =
          Path.size() == 2 && Path[0].Key == "traceEvents" && Path[1].Array;
      bool InSamples =
          Path.size() == 2 && Path[0].Key == "samples" && Path[1].Array;
      bool InFrames =
          Path.size() == 2 && Path[0].Key == "stackFrames" && !Path[1].Array;
      if (TopArray || InEvents || InSamples || InFrames) {
        Kind = InSamples ? Sample : InFrames ? StackFrame : Event;
        EventDepth = Path.size() + 1;
        Cur.clear();
        FrameId = InFrames ? Path[1].Key : "";
        FrameName.clear();
        FrameParent.clear();
      }
    }
    Path.push_back({Array, ""});
    return true;
  }

  bool pop() {
    if (Path.empty())
      return true;
    Path.pop_back();
    if (Kind != None && Path.size() + 1 == EventDepth) {
      if (Kind == Event)
        finishEvent();
      else if (Kind == Sample)
        Samples.emplace_back(Cur.Sf, Cur.HasWeight ? Cur.Weight : 1.0);
      else
        StackFrames[FrameId] = {FrameName, FrameParent};
      Kind = None;
      EventDepth = 0;
    }
    return true;
  }

  bool atEventField() const {
    return (Kind == Event || Kind == Sample) && Path.size() == EventDepth;
  }
  bool atStackFrameField() const {
    return Kind == StackFrame && Path.size() == EventDepth;
  }

  void setField(const std::string &V) {
    const std::string &K = Path.back().Key;
    if (K == "name")
      Cur.Name = V;
    else if (K == "cat")
      Cur.Cat = V;
    else if (K == "ph")
      Cur.Ph = V;
    else if (K == "pid")
      Cur.Pid = V;
    else if (K == "tid")
      Cur.Tid = V;
    else if (K == "sf")
      Cur.Sf = V;
  }

  void setStackFrameField(const std::string &V) {
    const std::string &K = Path.back().Key;
    if (K == "name")
      FrameName = V;
    else if (K == "parent")
      FrameParent = V;
  }

  bool number(double V) {
    // python_function args link frames: {"Python id": 3, "Python parent
    // id": 2}.
    if (Kind == Event && Path.size() == EventDepth + 1 &&
        Path[EventDepth - 1].Key == "args") {
      // An id out of int64_t's range links nothing (-1).
      if (Path.back().Key == "Python id")
        Cur.PyId = checkedInt64(V).value_or(-1);
      else if (Path.back().Key == "Python parent id")
        Cur.PyParent = checkedInt64(V).value_or(-1);
      return true;
    }
    if (atStackFrameField() && Path.back().Key == "parent") {
      FrameParent = numberText(V);
      return true;
    }
    if (!atEventField())
      return true;
    const std::string &K = Path.back().Key;
    // A time or weight beyond 1e300 would overflow the totals: it is no
    // valid value (NaN: counted where the event is finished).
    bool InRange = std::fabs(V) <= 1e300;
    if (K == "ts")
      Cur.Ts = InRange ? V : NAN;
    else if (K == "dur")
      Cur.Dur = InRange ? V : NAN;
    else if (K == "pid")
      Cur.Pid = numberText(V);
    else if (K == "tid")
      Cur.Tid = numberText(V);
    else if (K == "sf")
      Cur.Sf = numberText(V);
    else if (K == "weight") {
      Cur.Weight = InRange && V >= 0 ? V : NAN;
      Cur.HasWeight = true;
    }
    return true;
  }

  void finishEvent() {
    SawEvents = true;
    P.countEvents();
    std::string Thread = Cur.Pid + "/" + Cur.Tid;
    if (Cur.Ph == "X") {
      if (!std::isfinite(Cur.Ts) || !std::isfinite(Cur.Dur)) {
        P.stats().count(Severity::DataLoss,
                        "X event without a valid ts or dur");
        return;
      }
      if (Cur.Dur < 0) {
        P.stats().count(Severity::DataLoss, "negative duration");
        return;
      }
      Threads[Thread].push_back(
          {Cur.Ts, Cur.Dur, internEventFrame(P, Cur), Cur.PyId, Cur.PyParent});
    } else if (Cur.Ph == "B") {
      if (!std::isfinite(Cur.Ts)) {
        P.stats().count(Severity::DataLoss, "B event without a valid ts");
        return;
      }
      Open[Thread].push_back(
          {Cur.Ts, 0, internEventFrame(P, Cur), Cur.PyId, Cur.PyParent});
    } else if (Cur.Ph == "E") {
      std::vector<Span> &Stack = Open[Thread];
      if (Stack.empty()) {
        P.stats().count(Severity::Error, "E event without B");
        return;
      }
      Span S = Stack.back();
      Stack.pop_back();
      if (!std::isfinite(Cur.Ts) || Cur.Ts < S.Ts) {
        P.stats().count(Severity::DataLoss, "E event before its B");
        return;
      }
      S.Dur = Cur.Ts - S.Ts;
      Threads[Thread].push_back(S);
    } else {
      P.stats().count(Severity::Info,
                      "ignored events of phase '" + Cur.Ph + "'");
    }
  }

public:
  void finishOpen() {
    for (auto &[Thread, Stack] : Open)
      if (!Stack.empty())
        P.stats().count(Severity::DataLoss, "B event without E", "",
                        Stack.size());
  }
};

/// Nests the spans of one thread by interval and adds their self time.
void addThread(Profile &P, std::vector<Span> &Spans) {
  std::sort(Spans.begin(), Spans.end(), [](const Span &A, const Span &B) {
    if (A.Ts != B.Ts)
      return A.Ts < B.Ts;
    return A.Dur > B.Dur;
  });
  struct OpenSpan {
    double End;
    NodeId Node;
    double Self;
    int64_t PyId;
  };
  std::vector<OpenSpan> Stack;
  const double Eps = 1e-6;
  auto Close = [&] {
    P.addSample(Stack.back().Node, std::max(0.0, Stack.back().Self));
    Stack.pop_back();
  };
  for (const Span &S : Spans) {
    while (!Stack.empty() && S.Ts >= Stack.back().End - Eps)
      Close();
    // A Python frame names its parent: when that frame is open, it is the
    // parent even if the recorded intervals disagree (they can overlap
    // partially with with_stack=True).
    if (S.PyParent >= 0) {
      auto It =
          std::find_if(Stack.rbegin(), Stack.rend(),
                       [&](const OpenSpan &O) { return O.PyId == S.PyParent; });
      if (It != Stack.rend())
        while (Stack.back().PyId != S.PyParent)
          Close();
    }
    // A span that starts inside but ends after its parent overlaps it
    // partially: treat it as a sibling (count it).
    while (!Stack.empty() && S.Ts + S.Dur > Stack.back().End + Eps &&
           !(S.PyParent >= 0 && Stack.back().PyId == S.PyParent)) {
      P.stats().count(Severity::Info, "partially overlapping events");
      Close();
    }
    NodeId Parent = Stack.empty() ? Profile::Root : Stack.back().Node;
    if (!Stack.empty())
      Stack.back().Self -= S.Dur;
    Stack.push_back(
        {S.Ts + S.Dur, P.internCallsite(Parent, S.F), S.Dur, S.PyId});
  }
  while (!Stack.empty())
    Close();
}

} // namespace

bool ChromeJsonImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  llvm::StringRef T = Prefix.ltrim();
  // A JSON array of event objects (possibly empty).
  if (T.startswith("["))
    return T.drop_front().ltrim().empty() ||
           T.drop_front().ltrim().startswith("{") ||
           T.drop_front().ltrim().startswith("]");
  // A JSON object: '{' then a key. Other JSON formats (speedscope) are
  // sniffed before this importer.
  return T.startswith("{") && T.drop_front().ltrim().startswith("\"");
}

llvm::Error ChromeJsonImporter::import(InputFile &In, Profile &P) const {
  P.setUnit("us");
  std::map<std::string, std::vector<Span>> Threads;
  Handler H(P, Threads);
  InputStreamBuf Buf(In);
  std::istream Stream(&Buf);
  bool Ok = nlohmann::json::sax_parse(Stream, &H);
  if (llvm::Error E = Buf.takeError())
    return E;
  if (H.TooDeep)
    return traceError(
        In.path(), "JSON nested deeper than " + std::to_string(MaxDepth) +
                       " levels near byte " + std::to_string(Buf.consumed()));
  if (!Ok) {
    bool AtEnd = Stream.peek() == std::char_traits<char>::eof();
    if (!AtEnd || !H.SawEvents)
      return traceError(In.path(), "invalid JSON at byte " +
                                       std::to_string(H.ErrorPos) + ": " +
                                       H.ErrorText);
    // nlohmann counts the failed read past the end; report the file size.
    uint64_t End = std::min<uint64_t>(H.ErrorPos, In.offset());
    if (H.InsideEvent())
      P.stats().count(Severity::DataLoss, TruncatedKind,
                      "byte " + std::to_string(End));
    else
      P.stats().count(Severity::Info, "unterminated JSON array");
  }
  H.finishOpen();
  for (auto &[Thread, Spans] : Threads)
    addThread(P, Spans);
  // stackFrames + samples: each sample's stack is its frame's parent chain.
  for (const auto &[Sf, Weight] : H.Samples) {
    if (!std::isfinite(Weight)) {
      P.stats().count(Severity::DataLoss, "sample with a bad weight");
      continue;
    }
    std::vector<std::string> Chain;
    std::string Id = Sf;
    while (!Id.empty() && Chain.size() < 10000) {
      auto It = H.StackFrames.find(Id);
      if (It == H.StackFrames.end()) {
        P.stats().count(Severity::DataLoss, "sample with unknown stack frame");
        Chain.clear();
        break;
      }
      Chain.push_back(It->second.first);
      Id = It->second.second;
    }
    NodeId Node = Profile::Root;
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It)
      Node = P.internCallsite(Node, P.internFrame({*It, "", 0, "", false}));
    P.addSample(Node, Weight);
    P.countEvents();
  }
  return llvm::Error::success();
}

} // namespace hotpath
