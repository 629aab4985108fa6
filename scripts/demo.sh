#!/usr/bin/env bash
# The whole story on one machine, no internet: installs dependencies, builds,
# starts a local origin on 127.0.0.1 that stands in for the image hosts and
# the proxy, then archives the bundled sample article through it, verifies
# the archive and restores the article for offline reading.
# ROTPROOF_BIN=DIR runs the programs installed in DIR instead (nothing is
# installed or built then but the local origin, a test program).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${ROTPROOF_BIN:-build}"
if [ -z "${ROTPROOF_BIN:-}" ]; then
  scripts/install-deps.sh
  scripts/build.sh build
fi

sample=tests/fixtures/posts/000-zaker-hunan-consumer-stations.md
out="${DEMO_DIR:-demo-out}"
rm -rf "$out"
mkdir -p "$out"

build/rotproof-origin 0 --tls "$out/test-ca.pem" >"$out/origin.log" &
origin_pid=$!
trap 'kill $origin_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$out/origin.log" 2>/dev/null && break; sleep 0.1; done
for _ in $(seq 50); do grep -q '^use:' "$out/origin.log" 2>/dev/null && break; sleep 0.1; done
read -r -a reach <<<"$(sed -n 's/^use: //p' "$out/origin.log")"
echo "== local origin: HTTP and HTTPS (a test CA's certificates) for every image host and proxy"
echo "   rotproof options that reach it: ${reach[*]}"

echo "== archive"
"$bin/rotproof" archive "$sample" -o "$out/archives" "${reach[@]}"
echo "== verify"
"$bin/rotproof-verify" "$out"/archives/*.wacz
echo "== restore"
"$bin/rotproof" restore "$out"/archives/*.wacz -o "$out/restored"
echo
echo "archive:  $(ls "$out"/archives/*.wacz)"
echo "restored: $(find "$out/restored" -name 'index.md')"
echo "assets:   $(find "$out/restored" -path '*assets/*' | tr '\n' ' ')"
echo "read it:  $(find "$out/restored" -name 'index.html') (a browser, offline)"
