#!/usr/bin/env bash
# Verification speed against its floor and a peer. Builds one archive whose
# asset is SIZE bytes of incompressible data, then times:
#   floor:     gzip -dc archive/data.warc.gz | openssl dgst -sha256  (one inflate, one hash)
#   rotproof:  rotproof-verify ARCHIVE  (and --fast)
#   plain:     the same WARC uncompressed (.warc), against openssl dgst -sha256 of it
#   sha1:      the asset crawled by GNU Wget (--warc-file: sha1 Base32 digests), against
#              gzip -dc | openssl dgst -sha1
#   warcio.js: reading every record of the same WARC (tests/interop, needs node)
#   many records: a WACZ of RECORDS small responses (scripts/make-many-records.py),
#              whose cross-checks run against the on-disk record index
# Targets (issue 6): within 1.5x of the floor; at least 5x faster than warcio.js;
# (issue 11) peak RSS flat in the number of records; (issue 14) .warc.gz within
# 1.0x of its floor, .warc within 1.2x of openssl sha256.
# Usage: scripts/bench-verify.sh [SIZE_BYTES] [RECORDS]   (default 1 GiB, 200000)
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,15p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
cd "$(dirname "$0")/.."
size="${1:-1073741824}"
records="${2:-200000}"
[[ "$size" =~ ^[0-9]+$ && "$records" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SIZE_BYTES] [RECORDS]" >&2; exit 2; }
[ -x build/rotproof ] || scripts/build.sh build
work=$(mktemp -d)
origin_pid=""
trap '[ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null; rm -rf "$work"' EXIT

# An incompressible asset, served as a file page by the fake origin.
head -c "$size" /dev/urandom >"$work/big.bin"
mkdir -p "$work/pages" && ln -s "$work/big.bin" "$work/pages/big.bin"
build/rotproof-origin 0 --pages "$work/pages" >"$work/origin.log" &
origin_pid=$!
for _ in $(seq 50); do grep -q listening "$work/origin.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/origin.log")
printf -- '---\ntitle: big\n---\n<img src="http://big.test/posts/big.bin">\n' >"$work/big.md"
build/rotproof archive "$work/big.md" -o "$work/out" --connect-to "::127.0.0.1:$port" --timeout 600 --quiet
archive="$work/out/big.wacz"
unzip -p "$archive" archive/data.warc.gz >"$work/data.warc.gz"

t() { /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>&1 || true; tail -n 1 "$work/t"; }  # a failing command adds a first line
read -r floor_s _ < <(t sh -c "gzip -dc '$work/data.warc.gz' | openssl dgst -sha256")
read -r rp_s rp_k < <(t build/rotproof-verify "$archive")
read -r fast_s _ < <(t build/rotproof-verify --fast "$archive")
printf 'archive: %s bytes (asset %s bytes)\n' "$(stat -c %s "$archive")" "$size"
printf '%-28s %8s s\n' "floor (gzip -dc | sha256)" "$floor_s"
printf '%-28s %8s s   peak RSS %s MiB   %sx the floor\n' "rotproof-verify" "$rp_s" $((rp_k / 1024)) \
  "$(awk -v a="$rp_s" -v b="$floor_s" 'BEGIN{printf "%.2f", a/b}')"
printf '%-28s %8s s\n' "rotproof-verify --fast" "$fast_s"
gzip -dc "$work/data.warc.gz" >"$work/data.warc"
read -r plain_floor_s _ < <(t openssl dgst -sha256 "$work/data.warc")
read -r plain_s plain_k < <(t build/rotproof-verify "$work/data.warc")
printf '%-28s %8s s\n' "floor, .warc (sha256)" "$plain_floor_s"
printf '%-28s %8s s   peak RSS %s MiB   %sx the floor\n' "rotproof-verify, .warc" "$plain_s" $((plain_k / 1024)) \
  "$(awk -v a="$plain_s" -v b="$plain_floor_s" 'BEGIN{printf "%.2f", a/b}')"
rm -f "$work/data.warc"
if command -v wget >/dev/null; then
  (cd "$work" && wget -q -O /dev/null --no-warc-keep-log --warc-file=sha1 "http://127.0.0.1:$port/posts/big.bin")
  read -r sha1_floor_s _ < <(t sh -c "gzip -dc '$work/sha1.warc.gz' | openssl dgst -sha1")
  read -r sha1_s sha1_k < <(t build/rotproof-verify "$work/sha1.warc.gz")
  printf '%-28s %8s s\n' "floor, wget (gzip|sha1)" "$sha1_floor_s"
  printf '%-28s %8s s   peak RSS %s MiB   %sx the floor\n' "rotproof-verify, wget sha1" "$sha1_s" \
    $((sha1_k / 1024)) "$(awk -v a="$sha1_s" -v b="$sha1_floor_s" 'BEGIN{printf "%.2f", a/b}')"
fi
if [ -d tests/interop/node_modules/warcio ]; then
  read -r js_s _ < <(t node tests/interop/warcio_check.mjs "$work/data.warc.gz")
  printf '%-28s %8s s   rotproof is %sx faster\n' "warcio.js (read + digests)" "$js_s" \
    "$(awk -v a="$js_s" -v b="$rp_s" 'BEGIN{printf "%.1f", a/b}')"
fi
python3 scripts/make-many-records.py "$records" "$work/many.wacz"
read -r many_s many_k < <(t build/rotproof-verify "$work/many.wacz")
printf '%-28s %8s s   peak RSS %s MiB   (%s records)\n' "rotproof-verify, many records" "$many_s" \
  $((many_k / 1024)) "$records"
