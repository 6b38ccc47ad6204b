#!/usr/bin/env python3
"""Prints the options of every `hotpath analyze` command line in the given
CI files (shell continuation lines joined), one per line, sorted."""
import re
import sys

options = set()
for path in sys.argv[1:]:
    text = re.sub(r"\\\n\s*", " ", open(path).read())
    for line in text.splitlines():
        if " analyze " in line:
            tail = line.split(" analyze ", 1)[1]
            options.update(re.findall(r"(?<!\S)--[a-z][a-z-]*", tail))
print("\n".join(sorted(options)))
