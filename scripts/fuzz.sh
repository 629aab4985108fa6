#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 60), seeded from the test fixtures. A crash, leak or
# sanitizer report fails the run and leaves the reproducer in the build directory.
# Usage: scripts/fuzz.sh [SECONDS [TARGET...]]   (default: every target)
# FUZZ_BUILD=DIR reuses a clang build configured with -DROTPROOF_FUZZ=ON (the
# test command's sanitizer build); by default build-fuzz/, without tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
only=("$@")
dir="${FUZZ_BUILD:-build-fuzz}"
if [ -z "${FUZZ_BUILD:-}" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -DROTPROOF_FUZZ=ON -DROTPROOF_SANITIZE=ON -DROTPROOF_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$dir" -j "$(nproc)" >/dev/null

# Seeds: real posts, and archives of them in both forms.
[ -x build/rotproof ] || scripts/build.sh build
seeds=$dir/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{posts,archives,warcs,cdxj,urls,front-matter,manifests}
cp tests/fixtures/posts/*.md tests/fuzz/seeds/posts/* "$seeds/posts/"
cp tests/fuzz/seeds/urls/* "$seeds/urls/"
cp tests/fuzz/seeds/manifests/* "$seeds/manifests/"
for post in tests/fixtures/posts/*.md; do  # the YAML between the fences
  awk 'NR == 1 && $0 == "---" {inside = 1; next} inside && ($0 == "---" || $0 == "...") {exit} inside' "$post" \
    >"$seeds/front-matter/$(basename "$post" .md).yaml"
done
build/rotproof-origin 0 >$dir/origin.log &
origin_pid=$!
trap 'kill $origin_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening $dir/origin.log 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127.0.0.1://p' $dir/origin.log)
for p in 000 001 016; do
  post=$(ls tests/fixtures/posts/$p-*.md)
  build/rotproof archive "$post" -o "$seeds/archives" --connect-to "::127.0.0.1:$port" -q || true
  build/rotproof archive "$post" -o "$seeds/warcs" --connect-to "::127.0.0.1:$port" -q --format warc || true
done
for w in "$seeds"/archives/*.wacz; do
  unzip -p "$w" indexes/index.cdxj >"$seeds/cdxj/$(basename "$w").cdxj" || true
  unzip -p "$w" archive/data.warc.gz | gzip -dc | grep -a '^{"manifest_version"' >"$seeds/manifests/$(basename "$w").json" || true
done
grep -ohE 'https?://[^"'"'"' )<>]+' tests/fixtures/posts/*.md | sort -u | head -200 | split -l 1 - "$seeds/urls/u"
cp archiver/default_rules.yaml "$seeds/urls/"
mkdir -p "$seeds/offline"  # index answers and pages: the emulated archive's, and HTML posts
cp tests/fuzz/seeds/offline/* tests/fixtures/posts/*.html "$seeds/offline/" 2>/dev/null || true

run() {  # TARGET CORPUS...
  local target=$1
  shift
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " =~ " $target " ]]; then return; fi
  echo "== $target: ${seconds}s"
  mkdir -p "$dir/corpus-$target"
  (cd $dir && "./${target}_fuzz" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
     -print_final_stats=1 "corpus-$target" "$@" 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)" || true)
  # libFuzzer writes crash-*/leak-*/timeout-* files on a finding.
  if compgen -G "$dir/crash-*" >/dev/null || compgen -G "$dir/leak-*" >/dev/null ||
     compgen -G "$dir/timeout-*" >/dev/null; then
    echo "FAIL: $target found a bug; reproducers in $dir/"
    exit 1
  fi
}
run warc_reader "../$seeds/warcs"
run wacz "../$seeds/archives" "../$seeds/warcs"
run cdxj "../$seeds/cdxj"
run extract "../$seeds/posts"
run rules "../$seeds/urls"
run front_matter "../$seeds/front-matter"
run markdown "../$seeds/posts"
run manifest "../$seeds/manifests"
run offline "../$seeds/offline"
echo "fuzz: ${only[*]:-9 targets}, ${seconds}s each, no findings"
