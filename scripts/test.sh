#!/usr/bin/env bash
# Installs dependencies, checks the format (.clang-format), builds, and runs
# every test twice: a gcc build with -Werror, then a clang build under AddressSanitizer + UBSan (which also
# holds the libFuzzer targets); then each fuzz target for FUZZ_SECONDS
# (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
git ls-files '*.cc' '*.h' | grep -v '^tests/fixtures/' | xargs clang-format --dry-run --Werror
scripts/build.sh build
(cd build && ctest -j "$(nproc)" --output-on-failure)
CC=clang CXX=clang++ scripts/build.sh build-san -DROTPROOF_SANITIZE=ON -DROTPROOF_FUZZ=ON
(cd build-san && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -j "$(nproc)" --output-on-failure)
FUZZ_BUILD=build-san scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
