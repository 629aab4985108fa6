#!/usr/bin/env bash
# Packing a blog into one WACZ. Targets: peak RSS flat whatever the number
# of articles (records stream from the inputs into the package; what must be
# remembered across them is in SQLite on disk), wall time linear, and a
# payload every article shares stored once.
#   N generated posts (bench-lib.sh), each showing the same 150 KB banner
#   whose bytes do not deflate (as a photo's), archived through the
#   loopback origin, then `rotproof pack` and `rotproof-verify` on the
#   package, and the package restored whole (one pass) into a directory and
#   into a Hexo tree, for N = 1,000 and 5,000.
# Usage: [SIZES="1000 5000"] scripts/bench-pack.sh
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,11p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
cd "$(dirname "$0")/.."
[ -x build/rotproof ] || scripts/build.sh build
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }
sizes="${SIZES:-1000 5000}"
source scripts/bench-lib.sh
start_origin

printf '%8s %10s %14s %14s %14s %9s %10s %14s %12s %13s %14s\n' articles "pack (s)" "pack RSS MiB" "WARCs before" \
  "WARC after" revisits "verify (s)" "verify RSS MiB" "restore (s)" "into Hexo (s)" "Hexo RSS MiB"
for n in $sizes; do
  rm -rf "$work/posts" "$work/out" "$work/blog.wacz" "$work/restored" "$work/site"
  make_posts "$n" "$work/posts"
  sed -i 's#http://static.example.com/logo.png#http://static.example.com/banner-noise-size-150000.jpg#' "$work"/posts/*.md
  build/rotproof archive "$work/posts" -o "$work/out" --connect-to "::127.0.0.1:$port" --retries 0 --quiet || true
  read -r pack_secs pack_kib <<<"$(timed "$work/time" build/rotproof pack "$work/out" -o "$work/blog.wacz")"
  build/rotproof pack "$work/out" -o "$work/again.wacz" --json >"$work/pack.json"
  read -r verify_secs verify_kib <<<"$(timed "$work/time" build/rotproof-verify "$work/blog.wacz")"
  build/rotproof-verify "$work/blog.wacz" >/dev/null || echo "package of $n articles does not verify" >&2
  read -r restore_secs _ <<<"$(timed "$work/time" build/rotproof restore "$work/blog.wacz" -o "$work/restored")"
  read -r site_secs site_kib <<<"$(timed "$work/time" build/rotproof restore "$work/blog.wacz" --layout hexo \
    -o "$work/site")"
  figure() { sed -n "s/^  \"$1\": \\([0-9]*\\).*/\\1/p" "$work/pack.json"; }
  printf '%8s %10s %14s %14s %14s %9s %10s %14s %12s %13s %14s\n' "$(figure articles)" "$pack_secs" \
    $((pack_kib / 1024)) "$(figure warc_bytes_before)" "$(figure warc_bytes_after)" "$(figure revisits)" \
    "$verify_secs" $((verify_kib / 1024)) "$restore_secs" "$site_secs" $((site_kib / 1024))
done
