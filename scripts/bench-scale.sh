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

work=$(mktemp -d)
origin_pid=""
trap '[ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null; rm -rf "$work"' EXIT
build/rotproof-origin 0 >"$work/origin.log" &
origin_pid=$!
for _ in $(seq 50); do grep -q listening "$work/origin.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/origin.log")

make_posts() {  # N DIR
  mkdir -p "$2"
  awk -v n="$1" -v dir="$2" 'BEGIN {
    for (i = 0; i < n; i++) {
      f = sprintf("%s/post-%05d.md", dir, i)
      printf "---\ntitle: Post %d\ndate: 2022-08-%02d 10:00:00\nheadimg: https://cors.zfour.workers.dev/?http://img%d.example.com/head-%d.jpg\n---\n", i, i % 28 + 1, i % 7, i > f
      printf "Some text for post %d.\n\n![](http://img%d.example.com/a-%d.png)\n\n", i, i % 13, i > f
      printf "<img src=\"https://images.weserv.nl/?url=http://img%d.example.com/b-%d.jpg\" data-original=\"http://img%d.example.com/b-%d.jpg\">\n\n", i % 5, i, i % 5, i > f
      printf "<img src=\"https://cors.zfour.workers.dev/?http://img%d.example.com/c-%d.gif\" data-original=\"http://img%d.example.com/c-%d.gif\">\n\n", i % 11, i, i % 11, i > f
      printf "![shared](http://static.example.com/logo.png)\n\n![](http://img%d.example.com/d-%d.webp)\n", i % 3, i > f
      close(f)
    }
  }'
}

timed() {  # OUT_FILE COMMAND... → "seconds peak_kib"
  local out=$1
  shift
  local start end
  start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$out" "$@" >/dev/null 2>&1 || true
  end=$EPOCHREALTIME
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') $(tail -n 1 "$out")"
}

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
