#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, checks formatting,
# runs ctest. Usage: bash tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup
bash .ci/build
echo "== clang-format (LLVM style, .clang-format)"
files=$(git ls-files '*.cpp' '*.h' | grep -v -e '^tests/rules/' -e '^tests/analyzer/' -e '^tests/integration/' -e '^tests/traces/programs/')
clang-format-14 --dry-run --Werror $files
echo "clang-format: $(echo "$files" | wc -l) files clean"
echo "== ctest"
ctest --test-dir build --output-on-failure -j 2
# The sanitizer and fuzzing stage (docs/fuzzing.md); HOTPATH_SANITIZE=0
# skips it on a developer machine.
if [ "${HOTPATH_SANITIZE:-1}" != 0 ]; then
  echo "== sanitizers and fuzz targets"
  bash tests/sanitize.sh
fi
