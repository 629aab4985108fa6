#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test twice: a normal build
# with -Werror, then the same tests under AddressSanitizer + UBSan; then
# each libFuzzer target for FUZZ_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
(cd build && ctest -j "$(nproc)" --output-on-failure)
scripts/build.sh build-asan -DROTPROOF_SANITIZE=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -j "$(nproc)" --output-on-failure)
scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
