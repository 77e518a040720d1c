#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run the whole test suite (ctest).
# Subsets: scripts/test.sh -L unit | -L integration | -LE slow (arguments go to ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
BUILD_DIR=${VANBAN_BUILD_DIR:-build}
export OMP_THREAD_LIMIT=1
cd "$BUILD_DIR"
ctest --output-on-failure -j "${VANBAN_TEST_JOBS:-2}" --timeout 1200 "$@"
