"""Writes the speedscope and pprof test traces from real traces in this folder.

The perf profile of programs/toy.cpp (perf_script/toy-srcline.perf.txt) becomes
a sampled speedscope profile and a pprof profile; the libtorch legacy trace
(chrome_json/torch-legacy.json) becomes an evented speedscope profile. In the
pprof file, toy::expensive is written as inlined into toy::Model::infer (one
location with two lines), the way pprof encodes inlining. The protobuf is
encoded by hand from the field numbers of perftools.profiles.Profile.
"""
import gzip
import json
import re
import sys

HERE = sys.argv[1] if len(sys.argv) > 1 else "."


def perf_samples(path):
    """[(stack root-first of (name, file, line), period)]"""
    out, stack, period = [], [], 0
    for line in open(path):
        line = line.rstrip("\n")
        if not line.strip():
            if stack:
                out.append((list(reversed(stack)), period))
            stack = []
            continue
        if not line[0].isspace():
            period = int(line.split()[-2])
            continue
        m = re.match(r"\s+[0-9a-f]+ (.+) \((.*)\)$", line)
        if m:
            stack.append([m.group(1), "", 0])
            continue
        m = re.match(r"\s+(.*):(\d+)$", line)
        if m and stack and m.group(1) and m.group(1) != "??":
            stack[-1][1], stack[-1][2] = m.group(1), int(m.group(2))
    if stack:
        out.append((list(reversed(stack)), period))
    return out


def speedscope_sampled(samples):
    frames, index, stacks, weights = [], {}, [], []
    for stack, period in samples:
        ids = []
        for name, file, line in stack:
            key = (name, file, line)
            if key not in index:
                index[key] = len(frames)
                f = {"name": name}
                if file:
                    f["file"], f["line"] = file, line
                frames.append(f)
            ids.append(index[key])
        stacks.append(ids)
        weights.append(period)
    return {
        "$schema": "https://www.speedscope.app/file-format-schema.json",
        "shared": {"frames": frames},
        "profiles": [{"type": "sampled", "name": "toy", "unit": "nanoseconds",
                      "startValue": 0, "endValue": sum(weights),
                      "samples": stacks, "weights": weights}],
        "exporter": "tests/traces/programs/export_formats.py"}


def speedscope_evented(chrome):
    events = [e for e in json.load(open(chrome)) if e.get("ph") == "X"]
    frames, index, out = [], {}, []
    for e in events:
        if e["name"] not in index:
            index[e["name"]] = len(frames)
            frames.append({"name": e["name"]})
    # Open/close events; a close sorts before an open at the same time, and
    # nested events close inner-first.
    marks = []
    for e in events:
        f = index[e["name"]]
        marks.append((e["ts"], 1, -e["dur"], "O", f))
        marks.append((e["ts"] + e["dur"], 0, e["dur"], "C", f))
    marks.sort()
    stack = []
    for at, _, _, kind, f in marks:
        if kind == "O":
            stack.append(f)
        else:
            if not stack or stack[-1] != f:
                continue  # partial overlap: speedscope requires nesting
            stack.pop()
        out.append({"type": kind, "frame": f, "at": at})
    return {
        "$schema": "https://www.speedscope.app/file-format-schema.json",
        "shared": {"frames": frames},
        "profiles": [{"type": "evented", "name": "libtorch", "unit": "microseconds",
                      "startValue": out[0]["at"], "endValue": out[-1]["at"],
                      "events": out}],
        "exporter": "tests/traces/programs/export_formats.py"}


def varint(v):
    b = bytearray()
    while True:
        c = v & 0x7F
        v >>= 7
        if v:
            b.append(c | 0x80)
        else:
            b.append(c)
            return bytes(b)


def field(num, payload):
    if isinstance(payload, int):
        return varint(num << 3) + varint(payload)
    return varint(num << 3 | 2) + varint(len(payload)) + payload


def pprof(samples):
    strings, sidx = [""], {"": 0}

    def s(x):
        if x not in sidx:
            sidx[x] = len(strings)
            strings.append(x)
        return sidx[x]

    functions, fidx, locations, lidx = [], {}, [], {}

    def func(name, file):
        key = (name, file)
        if key not in fidx:
            fidx[key] = len(functions) + 1
            functions.append(field(1, fidx[key]) + field(2, s(name)) + field(4, s(file)))
        return fidx[key]

    def loc(lines):
        key = tuple(lines)
        if key not in lidx:
            lidx[key] = len(locations) + 1
            body = field(1, lidx[key])
            for name, file, line in lines:  # innermost first
                body += field(4, field(1, func(name, file)) + field(2, line))
            locations.append(body)
        return lidx[key]

    out = field(1, field(1, s("samples")) + field(2, s("count")))
    out += field(1, field(1, s("cpu")) + field(2, s("nanoseconds")))
    sample_msgs = []
    for stack, period in samples:
        leaf_first = [tuple(f) for f in reversed(stack)]
        ids, i = [], 0
        while i < len(leaf_first):
            if (leaf_first[i][0] == "toy::expensive" and i + 1 < len(leaf_first)
                    and leaf_first[i + 1][0] == "toy::Model::infer"):
                ids.append(loc([leaf_first[i], leaf_first[i + 1]]))
                i += 2
            else:
                ids.append(loc([leaf_first[i]]))
                i += 1
        packed = b"".join(varint(x) for x in ids)
        sample_msgs.append(field(2, field(1, packed) + field(2, varint(1) + varint(period))))
    out += b"".join(sample_msgs)
    out += b"".join(field(4, l) for l in locations)
    out += b"".join(field(5, f) for f in functions)
    out += b"".join(field(6, x.encode()) for x in strings)
    out += field(11, field(1, s("cpu")) + field(2, s("nanoseconds")))
    out += field(12, 1001001)
    return out


samples = perf_samples(f"{HERE}/perf_script/toy-srcline.perf.txt")
json.dump(speedscope_sampled(samples), open(f"{HERE}/speedscope/toy-sampled.speedscope.json", "w"))
json.dump(speedscope_evented(f"{HERE}/chrome_json/torch-legacy.json"),
          open(f"{HERE}/speedscope/torch-evented.speedscope.json", "w"))
with gzip.GzipFile(f"{HERE}/pprof/toy.pb.gz", "wb", mtime=0) as f:
    f.write(pprof(samples))
