#!/usr/bin/env bash
# Configures and builds into DIR (default: build) with extra CMake flags.
# Usage: scripts/build.sh [DIR] [-DOPTION=VALUE...]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"
shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" -DROTPROOF_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
