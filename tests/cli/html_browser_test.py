#!/usr/bin/env python3
"""The html report in a real browser (headless Chromium, Debian's package).

Analyses a small program whose function takes a std::vector<script>, with a
folded-stacks trace, writes --format html, and checks in Chromium that
- the page loads with no console message (a blocked resource or script, or
  any error, is one: the page has a Content-Security-Policy of
  default-src 'none');
- the DOM has no <script> element and shows std::vector<script> as text;
- a screenshot is not blank (many non-white pixels, several colours).

Usage: html_browser_test.py HOTPATH TMPDIR. Exit 77 (skipped) without
chromium.
"""
import os
import shutil
import struct
import subprocess
import sys
import zlib

SOURCE = """#include <string>
#include <vector>
struct script {
  std::string text;
};
std::string render(const std::vector<script> &items) {
  std::string out;
  for (const script &s : items)
    out = out + s.text;
  return out;
}
int main() { return static_cast<int>(render({}).size()); }
"""
RENDER = "render(std::vector<script, std::allocator<script> > const&)"
TRACE = ("main (page.cpp:12);%s (page.cpp:9) 70\n"
         "main (page.cpp:12);%s (page.cpp:10) 20\n"
         "main (page.cpp:12) 10\n") % (RENDER, RENDER)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB/RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG" % path)
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                fail("unexpected PNG depth %d colour type %d" % (depth, colour))
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    hotpath, tmp = sys.argv[1], sys.argv[2]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP: chromium is not installed (apt-get install chromium); "
              "the html report was not checked in a browser")
        return 77
    work = os.path.join(tmp, "html-browser")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    open(os.path.join(work, "page.cpp"), "w").write(SOURCE)
    open(os.path.join(work, "trace.folded"), "w").write(TRACE)
    src = os.path.join(work, "page.cpp")
    open(os.path.join(work, "compile_commands.json"), "w").write(
        '[{"directory": "%s", "file": "%s", "arguments": '
        '["c++", "-std=c++17", "-c", "%s"]}]\n' % (work, src, src))
    page = os.path.join(work, "report.html")
    subprocess.run([hotpath, "analyze", "-p", work, "--no-cache", "--trace",
                    os.path.join(work, "trace.folded"), "--format", "html",
                    "-o", page], check=True)
    html = open(page).read()
    if "<script" in html:
        fail("the page contains '<script' unescaped")
    common = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
              "--no-first-run", "--user-data-dir=" + os.path.join(work, "profile"),
              "--enable-logging=stderr", "--v=0"]
    url = "file://" + page
    dom = subprocess.run(common + ["--dump-dom", url], capture_output=True,
                         text=True, timeout=120)
    console = [l for l in dom.stderr.splitlines() if ":CONSOLE" in l]
    if console:
        fail("console messages while loading the page:\n" + "\n".join(console))
    if "<script" in dom.stdout:
        fail("the DOM has a <script> element")
    if "render(const std::vector&lt;script&gt; &amp;)" not in dom.stdout:
        fail("the DOM does not show 'render(const std::vector<script> &)' "
             "as text")
    if 'id="flamegraph"' not in dom.stdout or 'id="savings"' not in dom.stdout:
        fail("the DOM lacks the flame graph or the savings chart")
    shot = os.path.join(work, "shot.png")
    run = subprocess.run(common + ["--screenshot=" + shot,
                                   "--window-size=1280,900", url],
                         capture_output=True, text=True, timeout=120)
    console = [l for l in run.stderr.splitlines() if ":CONSOLE" in l]
    if console:
        fail("console messages while rendering:\n" + "\n".join(console))
    if not os.path.exists(shot):
        fail("no screenshot written: " + run.stderr[-500:])
    width, height, bpp, rows = png_pixels(shot)
    colours, ink = set(), 0
    for row in rows[::4]:
        for x in range(0, width * bpp, bpp * 4):
            px = row[x:x + 3]
            colours.add(px)
            ink += px != b"\xff\xff\xff"
    sampled = len(rows[::4]) * len(range(0, width * bpp, bpp * 4))
    if ink < 0.03 * sampled or len(colours) < 10:
        fail("the screenshot looks blank: %d of %d sampled pixels not white, "
             "%d colours" % (ink, sampled, len(colours)))
    print("ok: no console messages, std::vector<script> shown as text, "
          "screenshot %dx%d with %.1f%% ink and %d colours"
          % (width, height, 100.0 * ink / sampled, len(colours)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
