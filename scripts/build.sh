#!/usr/bin/env bash
# Configures and builds vanban (Release, warnings as errors) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${VANBAN_BUILD_DIR:-build}
JOBS=${VANBAN_JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DVANBAN_WERROR=ON
cmake --build "$BUILD_DIR" -j "$JOBS"
