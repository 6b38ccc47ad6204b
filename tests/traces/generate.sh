#!/usr/bin/env bash
# Regenerates the small real traces under tests/traces/<format>/ from the
# programs in tests/traces/programs. Run by hand (needs perf, valgrind,
# python3, libtorch); the outputs are committed, and their golden dumps are
# refreshed with: build/tests/hotpath_unit_tests --gtest_filter='*TraceGolden*' --update-golden
set -euo pipefail
cd "$(dirname "$0")"
W=/tmp/hotpath-traces
mkdir -p "$W" perf_script folded callgrind pstats chrome_json line_profiler

g++ -O1 -g -fno-omit-frame-pointer programs/toy.cpp -o "$W/toy"

# perf: frame-pointer chains, DWARF chains, srcline, two events.
perf record -q -e cpu-clock -F 499 -g -o "$W/fp.data" "$W/toy" 3000 >/dev/null
perf script -i "$W/fp.data" > perf_script/toy-fp.perf.txt
perf script -i "$W/fp.data" -F comm,pid,tid,time,period,event,ip,sym,dso,srcline > perf_script/toy-srcline.perf.txt
perf record -q -e cpu-clock -F 199 --call-graph dwarf -o "$W/dwarf.data" "$W/toy" 2000 >/dev/null
perf script -i "$W/dwarf.data" > perf_script/toy-dwarf.perf.txt
perf record -q -e cpu-clock -e task-clock -F 299 -g -o "$W/two.data" "$W/toy" 1500 >/dev/null
perf script -i "$W/two.data" > perf_script/toy-two-events.perf.txt

# folded: collapse the frame-pointer script (root first, weight = period).
awk '
  /^[^ \t#]/ { n = 0; w = $(NF-1); next }
  /^[ \t]+[0-9a-f]+ / { sub(/^[ \t]+[0-9a-f]+ /, ""); sub(/\+0x[0-9a-f]+ \(.*\)$/, ""); sub(/ \(.*\)$/, ""); f[n++] = $0; next }
  /^$/ { if (n) { s = f[n-1]; for (i = n-2; i >= 0; i--) s = s ";" f[i]; c[s] += w } n = 0 }
  END { for (s in c) print s, c[s] }' perf_script/toy-fp.perf.txt | sort > folded/toy.folded

# callgrind (instruction counts; not usable on libtorch programs here).
valgrind --tool=callgrind --toggle-collect=main --callgrind-out-file="$W/callgrind.out" "$W/toy" 200 >/dev/null 2>&1
sed "s|$W/||g" "$W/callgrind.out" > callgrind/callgrind.out.toy

# pstats from cProfile.
python3 -c '
import cProfile, pstats, sys
sys.path.insert(0, "programs")
import toy_py
cProfile.run("toy_py.main(300)", "pstats/toy.pstats")
'

# line_profiler (Debian's python3-line-profiler): every function of the toy,
# main the heaviest; the .lprof pickle and its text form.
/usr/bin/python3 -c '
import sys
sys.path.insert(0, "programs")
from line_profiler import LineProfiler
import toy_py
lp = LineProfiler(toy_py.main, toy_py.expensive, toy_py.fib)
lp.runcall(toy_py.main, 300)
lp.dump_stats("line_profiler/toy.lprof")
'
/usr/bin/python3 -m line_profiler line_profiler/toy.lprof > line_profiler/toy.lprof.txt

# Scalene (Debian's python3-scalene), CPU only, as JSON: the toy's own
# __main__ (main(20000)), long enough for a few hundred samples.
/usr/bin/python3 -m scalene --cli --cpu --json --outfile scalene/toy.scalene.json \
  programs/toy_py.py

# torch.profiler's export_stacks with Debian's torch 1.13 (legacy profiler,
# with_stack=True): folded Python frames "file.py(N):_name".
(cd programs && /usr/bin/python3 torch_stacks.py ../folded/torch-stacks.folded)

# libtorch legacy Chrome trace (torch::autograd::profiler::RecordProfile).
if [ -f /usr/include/torch/csrc/autograd/profiler_legacy.h ]; then
  g++ -O1 -std=c++17 programs/torch_profile.cpp -o "$W/torch_profile" \
    -I/usr/include/torch/csrc/api/include -D_GLIBCXX_USE_CXX11_ABI=1 \
    -ltorch -ltorch_cpu -lc10
  (cd "$W" && ./torch_profile)
  cp "$W/torch_legacy.json" chrome_json/torch-legacy.json
fi

# speedscope (sampled, evented) and pprof, from the traces above.
python3 programs/export_formats.py .
