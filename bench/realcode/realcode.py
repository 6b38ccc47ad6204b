#!/usr/bin/python3
"""The real-code suite: hotpath on third-party code nobody here wrote.

Fetches Debian's source packages (upstream tarballs, never committed), writes
each codebase's compilation database, runs `hotpath analyze` over every file
with default options and compares the findings with the reviewed verdicts in
bench/realcode/verdicts/<codebase>.tsv.

Usage:
  realcode.py [--hotpath BIN] [--work DIR] [--only NAME[,NAME]] [-j N]
              [--write-missing] [--json-dir DIR]

Prints, per codebase and per rule: findings, true, cold-or-trivial, misread,
and the verdicts whose finding is gone. Exits 1 when a finding has no verdict,
a finding reviewed `true` is no longer found, or misreadings exceed 10 % of a
codebase's findings; 2 when a codebase cannot be fetched or configured.

The verdict file: one finding a line, tab-separated
  rule  file  function  line_hash  verdict  line  reason
matched on (rule, file, function, line_hash); `line` is for the reader.
Verdicts: true, cold-or-trivial, misread. docs/realcode.md has the method.
"""
import argparse
import collections
import glob
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VERDICTS = ("true", "cold-or-trivial", "misread")
MISREAD_BAR = 0.10


def run(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, check=True, **kw)


def ensure_deb_src():
    """Adds a deb-src twin of Debian's sources list (idempotent)."""
    src = "/etc/apt/sources.list.d/debian.sources"
    dst = "/etc/apt/sources.list.d/hotpath-deb-src.sources"
    if os.path.exists(dst) or not os.path.exists(src):
        return
    if any("deb-src" in open(os.path.join(d, f)).read()
           for d in ["/etc/apt/sources.list.d"] for f in os.listdir(d)
           if f.endswith(".sources")):
        return
    with open(src) as f:
        text = f.read()
    text = "\n".join("Types: deb-src" if l.strip() == "Types: deb" else l
                     for l in text.splitlines()) + "\n"
    with open(dst, "w") as f:
        f.write(text)
    subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)


def fetch(package, work, subdir):
    """The upstream tree of a Debian source package, unpacked under work/.

    Only the upstream tarball is used (no Debian patches): the code as its
    authors wrote it. Returns the tree's directory."""
    tree = os.path.join(work, subdir)
    if os.path.isdir(tree):
        return tree
    os.makedirs(work, exist_ok=True)
    tarballs = glob.glob(os.path.join(work, package + "_*.orig.tar.*"))
    if not tarballs:
        ensure_deb_src()
        # The Debian part of a source package may be missing from a mirror
        # snapshot; the upstream tarball is all the suite needs.
        subprocess.run(["apt-get", "source", "--download-only", "-q", package],
                       cwd=work, stdout=subprocess.DEVNULL)
        tarballs = glob.glob(os.path.join(work, package + "_*.orig.tar.*"))
    if not tarballs:
        print("realcode: skipped: %s: apt-get source gave no upstream "
              "tarball (Debian's source archive unreachable?)" % package)
        sys.exit(77)
    run(["tar", "xf", tarballs[0], "-C", work])
    if not os.path.isdir(tree):
        sys.exit("realcode: error: %s: %s is not in the tarball" %
                 (tarballs[0], subdir))
    return tree


def write_db(build, entries):
    os.makedirs(build, exist_ok=True)
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)


def configure_faiss(work):
    """FAISS 1.7.3, the whole tree with tests, configured by its own CMake
    the way a user builds it (googletest fetched into build/_deps, generic
    and AVX2 variants of the library). Returns (build dir, root)."""
    tree = fetch("faiss", work, "faiss-1.7.3")
    build = os.path.join(tree, "build")
    if not os.path.exists(os.path.join(build, "compile_commands.json")):
        run(["cmake", "-S", tree, "-B", build, "-DFAISS_ENABLE_GPU=OFF",
             "-DFAISS_ENABLE_PYTHON=OFF", "-DBUILD_TESTING=ON",
             "-DFAISS_OPT_LEVEL=avx2", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON",
             "-DFETCHCONTENT_SOURCE_DIR_GOOGLETEST=/usr/src/googletest"],
            stdout=subprocess.DEVNULL)
    return ["-p", build], tree


TORCH_FLAGS = ["-std=gnu++17", "-D_GLIBCXX_USE_CXX11_ABI=1",
               "-isystem", "/usr/include/torch/csrc/api/include",
               "-isystem", "/usr/include/torch"]


def configure_pytorch(work):
    """PyTorch 1.13.1's C++ API tests (test/cpp/api), against Debian's
    libtorch headers: PyTorch's own CMake needs the whole source build, so
    the database is generated, one entry a file, as its CMake would."""
    tree = fetch("pytorch", work, "pytorch-1.13.1")
    build = os.path.join(tree, "build-hotpath")
    api = os.path.join(tree, "test", "cpp", "api")
    # <test/cpp/api/support.h> resolves through a directory holding only
    # `test`: `-I tree` would also expose the source tree's own torch/
    # headers beside Debian's and redefine every class.
    inc = os.path.join(build, "include")
    os.makedirs(inc, exist_ok=True)
    if not os.path.exists(os.path.join(inc, "test")):
        os.symlink(os.path.join(tree, "test"), os.path.join(inc, "test"))
    entries = []
    for f in sorted(glob.glob(os.path.join(api, "*.cpp"))):
        entries.append({"directory": build, "file": f, "arguments":
                        ["c++"] + TORCH_FLAGS + ["-I", inc, "-c", f]})
    write_db(build, entries)
    return ["-p", build], tree


def configure_vision(work):
    """torchvision 0.14.1's C++ sources (torchvision/csrc, CPU only):
    generated like setup.py's extension build."""
    tree = fetch("pytorch-vision", work, "vision-0.14.1")
    build = os.path.join(tree, "build-hotpath")
    csrc = os.path.join(tree, "torchvision", "csrc")
    entries = []
    for dirpath, _, files in sorted(os.walk(csrc)):
        if any(p in dirpath for p in ("cuda", "mps", "gpu", "hip")):
            continue
        for name in sorted(files):
            if name.endswith(".cpp"):
                f = os.path.join(dirpath, name)
                entries.append({"directory": build, "file": f, "arguments":
                                ["c++"] + TORCH_FLAGS +
                                ["-I", csrc, "-DWITH_PNG", "-DWITH_JPEG",
                                 "-c", f]})
    write_db(build, entries)
    return ["-p", build], tree


def fetch_binary(package, work):
    """The Python code of a Debian binary package (its .py files as Debian
    ships them), unpacked under work/ with dpkg-deb. Used where the mirror
    has the binary package but not the upstream tarball."""
    tree = os.path.join(work, package)
    if os.path.isdir(tree):
        return tree
    os.makedirs(work, exist_ok=True)
    debs = glob.glob(os.path.join(work, package + "_*.deb"))
    if not debs:
        subprocess.run(["apt-get", "download", "-q", package], cwd=work,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        debs = glob.glob(os.path.join(work, package + "_*.deb"))
    if not debs:
        print("realcode: skipped: %s: apt-get download gave no package" %
              package)
        sys.exit(77)
    run(["dpkg-deb", "-x", debs[0], tree])
    return tree


def python_faiss(work):
    """FAISS 1.7.3's Python: benchmarks, tests, contrib."""
    tree = fetch("faiss", work, "faiss-1.7.3")
    return python_args(tree, ["benchs", "tests", "contrib"]), tree


def python_vision(work):
    """torchvision 0.14.1's Python: the library and the training
    references."""
    tree = fetch("pytorch-vision", work, "vision-0.14.1")
    return python_args(tree, ["references", "torchvision"]), tree


def python_package(package, module):
    def configure(work):
        tree = os.path.join(fetch_binary(package, work),
                            "usr/lib/python3/dist-packages")
        return python_args(tree, [module]), tree
    configure.__doc__ = "%s's Python, as Debian ships it." % module
    return configure


def python_args(root, dirs):
    return ["--project-root", root] + [os.path.join(root, d) for d in dirs]


CODEBASES = collections.OrderedDict([
    ("faiss", configure_faiss),
    ("pytorch", configure_pytorch),
    ("vision", configure_vision),
    ("py-faiss", python_faiss),
    ("py-vision", python_vision),
    ("py-text", python_package("python3-torchtext", "torchtext")),
    ("py-audio", python_package("python3-torchaudio", "torchaudio")),
    ("py-skorch", python_package("python3-skorch", "skorch")),
])


def analyze(hotpath, inputs, jobs, json_path):
    """Runs hotpath over the whole codebase with default options."""
    cmd = [hotpath, "analyze"] + inputs + ["--format", "json", "--no-cache",
           "-j", str(jobs), "-o", json_path]
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    # Exit 3 (some files did not fully compile) still yields a report.
    p = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1, 3) or not os.path.exists(json_path):
        sys.exit("realcode: error: hotpath failed (%d): %s" %
                 (p.returncode, p.stderr[-2000:]))
    with open(json_path) as f:
        return json.load(f)


def load_verdicts(path):
    verdicts = {}
    if not os.path.exists(path):
        return verdicts
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 7 or cols[4] not in VERDICTS:
                sys.exit("realcode: error: %s:%d: expected 7 tab-separated "
                         "columns with a verdict in %s" % (path, n, VERDICTS))
            verdicts[tuple(cols[:4])] = (cols[4], cols[5], cols[6])
    return verdicts


def key_of(f):
    return (f["rule"], f["file"], f["function"], f["line_hash"])


def compare(name, report, verdicts, write_missing, path):
    """Prints the per-rule table; returns the list of failures."""
    failures = []
    counts = collections.defaultdict(collections.Counter)
    seen = set()
    missing = []
    for f in report["findings"]:
        k = key_of(f)
        seen.add(k)
        v = verdicts.get(k)
        verdict = v[0] if v else "unreviewed"
        counts[f["rule"]][verdict] += 1
        counts["(all)"][verdict] += 1
        if not v:
            missing.append(f)
    gone = [(k, v) for k, v in verdicts.items() if k not in seen]
    print("== %s: %d findings in %d files analysed%s" %
          (name, len(report["findings"]), report["summary"]["files_analysed"],
           ", partial" if report["summary"].get("partial") else ""))
    print("%-42s %8s %6s %6s %8s %10s" % ("rule", "findings", "true",
                                          "cold", "misread", "unreviewed"))
    for rule in sorted(counts, key=lambda r: (r == "(all)", r)):
        c = counts[rule]
        print("%-42s %8d %6d %6d %8d %10d" %
              (rule, sum(c.values()), c["true"], c["cold-or-trivial"],
               c["misread"], c["unreviewed"]))
    total = sum(counts["(all)"].values())
    misread = counts["(all)"]["misread"]
    if total and misread > MISREAD_BAR * total:
        failures.append("%s: %d of %d findings misread (bar: %d%%)" %
                        (name, misread, total, MISREAD_BAR * 100))
    for f in missing:
        failures.append("%s: no verdict for %s:%d [%s] in %s" %
                        (name, f["file"], f["line"], f["rule"], f["function"]))
    for k, v in gone:
        what = "true finding no longer found" if v[0] == "true" else \
            "reviewed finding gone (" + v[0] + ")"
        print("   gone: %s:%s [%s] %s" % (k[1], v[1], k[0], what))
        if v[0] == "true":
            failures.append("%s: %s: %s:%s [%s]" % (name, what, k[1], v[1],
                                                    k[0]))
    if write_missing and missing:
        with open(path, "a") as out:
            for f in missing:
                out.write("\t".join([f["rule"], f["file"], f["function"],
                                     f["line_hash"], "misread",
                                     str(f["line"]), "UNREVIEWED: " +
                                     f["message"].replace("\t", " ")]) + "\n")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hotpath", default=os.path.join(REPO, "build", "src", "cli", "hotpath"))
    # Outside any git checkout: a tree unpacked inside this repository would
    # take the repository's top level as its project root.
    ap.add_argument("--work", default=os.environ.get(
        "HOTPATH_REALCODE_DIR", "/var/tmp/hotpath-realcode"))
    ap.add_argument("--only", default=",".join(CODEBASES))
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--write-missing", action="store_true",
                    help="append unreviewed findings to the verdict file "
                    "as 'misread UNREVIEWED' lines, for a reviewer to edit")
    ap.add_argument("--json-dir", help="keep each codebase's JSON report")
    args = ap.parse_args()
    if not os.access(args.hotpath, os.X_OK):
        sys.exit("realcode: error: %s: no hotpath binary" % args.hotpath)
    failures = []
    for name in args.only.split(","):
        if name not in CODEBASES:
            sys.exit("realcode: error: unknown codebase '%s' (have: %s)" %
                     (name, ", ".join(CODEBASES)))
        inputs, _ = CODEBASES[name](args.work)
        out_dir = args.json_dir or args.work
        os.makedirs(out_dir, exist_ok=True)
        report = analyze(args.hotpath, inputs, args.j,
                         os.path.join(out_dir, name + ".json"))
        path = os.path.join(HERE, "verdicts", name + ".tsv")
        failures += compare(name, report, load_verdicts(path),
                            args.write_missing, path)
    for f in failures:
        print("realcode: FAIL: " + f)
    print("realcode: %s" % ("ok" if not failures else
                            "%d problems" % len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
