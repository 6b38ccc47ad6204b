#!/usr/bin/env bash
# Sets everything up, builds hotpath and the bundled example, and runs
# hotpath's main job on it. Usage: bash examples/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup
bash .ci/build
echo "== hotpath analyze -p build examples/search_service/main.cpp"
./build/src/cli/hotpath analyze -p build examples/search_service/main.cpp
