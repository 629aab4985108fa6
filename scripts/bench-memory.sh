#!/usr/bin/env bash
# Peak memory of archiving a post that references one huge asset: bodies
# stream to disk while hashed, and through the WARC and the zip, so RSS must
# stay flat whatever the asset's size.
# Usage: scripts/bench-memory.sh [ASSET_BYTES]   (default 1 GiB)
# Target: peak RSS under 64 MiB.
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,6p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
cd "$(dirname "$0")/.."
bytes="${1:-1073741824}"
[ -x build/rotproof ] || scripts/build.sh build
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }

source scripts/bench-lib.sh
start_origin

printf -- '---\ntitle: huge asset\n---\n<img src="http://big.test/size-%s.bin">\n' "$bytes" >"$work/huge.md"
/usr/bin/time -f '%e %M' -o "$work/time" \
  build/rotproof archive "$work/huge.md" -o "$work/out" --connect-to "::127.0.0.1:$port" --quiet
read -r seconds peak_kib <"$work/time"
archive_bytes=$(stat -c %s "$work/out/huge.wacz")
peak_mib=$((peak_kib / 1024))
echo "asset bytes:    $bytes"
echo "archive bytes:  $archive_bytes"
echo "wall time:      ${seconds} s"
echo "peak RSS:       ${peak_mib} MiB (target < 64 MiB)"
[ "$peak_mib" -lt 64 ] && echo "PASS" || { echo "FAIL"; exit 1; }
