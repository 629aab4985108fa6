#!/usr/bin/env bash
# Scale and hostile-size benchmarks. Targets: a batch's wall time grows
# linearly with its post count and its peak RSS stays flat; posts that are
# big but legitimate (many front-matter keys, many <img> twins) cost time
# linear in their size.
#   1. N generated posts (front matter with a proxied headimg, five images:
#      two through a proxy with the origin in data-original, one shared by
#      every post) archived as a blog directory through the loopback origin,
#      for N = 1,000 and 10,000.
#   2. One post with K plain front-matter keys, and one with K <img> pairs
#      (src + data-original twins), planned with --explain (no fetching),
#      for two sizes of K: the ratio of times shows the growth.
# Usage: [JOBS=32] [PER_HOST=8] [SIZES="1000 10000"] scripts/bench-scale.sh
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,13p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
cd "$(dirname "$0")/.."
[ -x build/rotproof ] || scripts/build.sh build
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }
jobs="${JOBS:-32}"
per_host="${PER_HOST:-8}"
sizes="${SIZES:-1000 10000}"

source scripts/bench-lib.sh
start_origin

echo "1. Blog directories through the loopback origin (--jobs $jobs --per-host $per_host)"
printf '%8s %10s %12s %14s %10s %10s\n' posts "wall (s)" "ms per post" "peak RSS MiB" archives requests
for n in $sizes; do
  rm -rf "$work/posts" "$work/out"
  make_posts "$n" "$work/posts"
  read -r r0 _ <<<"$(wget -qO- --no-proxy "http://127.0.0.1:$port/__stats" 2>/dev/null || echo "0 0")"
  read -r secs kib <<<"$(timed "$work/time" build/rotproof archive "$work/posts" -o "$work/out" \
    --connect-to "::127.0.0.1:$port" --jobs "$jobs" --per-host "$per_host" --retries 0 --quiet)"
  read -r r1 _ <<<"$(wget -qO- --no-proxy "http://127.0.0.1:$port/__stats" 2>/dev/null || echo "0 0")"
  archives=$(find "$work/out" -name '*.wacz' | wc -l)
  printf '%8s %10s %12s %14s %10s %10s\n' "$n" "$secs" "$(awk -v s="$secs" -v n="$n" 'BEGIN{printf "%.2f", 1000*s/n}')" \
    $((kib / 1024)) "$archives" $((r1 - r0))
done

echo
echo "2. Big but legitimate posts, planned with --explain (no fetching)"
printf '%-28s %8s %10s %14s\n' case size "wall (s)" "peak RSS MiB"
for k in 15000 45000; do
  awk -v k="$k" 'BEGIN { print "---"; for (i = 0; i < k; i++) printf "key%d: value %d\n", i, i; print "---"; print "body" }' \
    >"$work/keys.md"
  read -r secs kib <<<"$(timed "$work/time" build/rotproof archive --explain "$work/keys.md" -o "$work/x")"
  printf '%-28s %8s %10s %14s\n' "front-matter keys" "$k" "$secs" $((kib / 1024))
done
for k in 2500 10000; do
  awk -v k="$k" 'BEGIN { for (i = 0; i < k; i++)
    printf "<img src=\"https://images.weserv.nl/?url=http://o.example.com/%d.jpg\" data-original=\"http://o.example.com/%d.jpg\">\n", i, i }' \
    >"$work/imgs.html"
  read -r secs kib <<<"$(timed "$work/time" build/rotproof archive --explain "$work/imgs.html" -o "$work/x")"
  printf '%-28s %8s %10s %14s\n' "<img> twin pairs" "$k" "$secs" $((kib / 1024))
done
