#!/usr/bin/env bash
# The whole story on one machine, no internet: installs dependencies, builds,
# starts a local origin on 127.0.0.1 that stands in for the image hosts and
# the proxy, then archives the bundled sample article through it, verifies
# the archive and restores the article for offline reading.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build

sample=tests/fixtures/posts/000-zaker-hunan-consumer-stations.md
out="${DEMO_DIR:-demo-out}"
rm -rf "$out"
mkdir -p "$out"

build/rotproof-origin 0 >"$out/origin.log" &
origin_pid=$!
trap 'kill $origin_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$out/origin.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127.0.0.1://p' "$out/origin.log")
echo "== local origin on 127.0.0.1:$port (stands in for every image host and proxy)"

echo "== archive"
build/rotproof archive "$sample" -o "$out/archives" --connect-to "::127.0.0.1:$port"
echo "== verify"
build/rotproof-verify "$out"/archives/*.wacz
echo "== restore"
build/rotproof restore "$out"/archives/*.wacz -o "$out/restored"
echo
echo "archive:  $(ls "$out"/archives/*.wacz)"
echo "restored: $(find "$out/restored" -name 'index.md')"
echo "assets:   $(find "$out/restored" -path '*assets/*' | tr '\n' ' ')"
