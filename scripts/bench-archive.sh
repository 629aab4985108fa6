#!/usr/bin/env bash
# rotproof against wget on the same pages: the corpus's posts served as HTML
# pages, their images from a local origin with injected latency (0 and 50 ms
# per request). Prints wall time, requests, bytes and peak RSS side by side.
# Targets: at 50 ms rotproof >= 10x faster than wget; at 0 ms >= 2x.
# Usage: [RUNS=5] [JOBS=32] [PER_HOST=8] scripts/bench-archive.sh [CORPUS_POSTS_DIR]
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,6p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
cd "$(dirname "$0")/.."
posts="${1:-../shared/corpus/posts}"
[ -x build/rotproof ] || scripts/build.sh build
command -v wget >/dev/null || { echo "needs wget (apt-get install wget)"; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }
jobs="${JOBS:-32}"
per_host="${PER_HOST:-8}"
runs="${RUNS:-5}"

work=$(mktemp -d)
origin_pid=""
trap '[ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null; rm -rf "$work"' EXIT

# Each post becomes an HTML page: front matter dropped, Markdown images as
# <img>, and plain http everywhere (wget reaches the fake hosts through an
# HTTP proxy, which cannot carry https).
mkdir -p "$work/pages"
: >"$work/urls.txt"
for post in "$posts"/*.md; do
  name=$(basename "$post" .md)
  {
    echo "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>$name</title></head><body>"
    awk 'BEGIN{fm=0} NR<=3 && /^---[ \r]*$/ && fm==0 {fm=1; next} fm==1 && /^---[ \r]*$/ {fm=2; next} fm!=1 {print}' "$post" |
      sed -E 's/!\[[^]]*\]\(([^) ]+)[^)]*\)/<img src="\1">/g; s#https://#http://#g'
    echo "</body></html>"
  } >"$work/pages/$name.html"
  echo "http://blog.test/posts/$name.html" >>"$work/urls.txt"
done
pages=$(wc -l <"$work/urls.txt")

run_origin() {
  build/rotproof-origin 0 --latency-ms "$1" --pages "$work/pages" >"$work/origin.log" &
  origin_pid=$!
  for _ in $(seq 50); do grep -q listening "$work/origin.log" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/origin.log")
}
stats() { wget -qO- --no-proxy "http://127.0.0.1:$port/__stats"; }

measure() {  # NAME COMMAND... → "seconds peak_kib requests bytes"
  local name=$1
  shift
  local before after start end
  before=$(stats)
  # GNU time's wall clock has 10 ms steps, a tenth of a 0 ms run: timed here.
  start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$work/$name.time" "$@" >/dev/null 2>&1 || true
  end=$EPOCHREALTIME
  after=$(stats)
  read -r k <"$work/$name.time"
  read -r r0 b0 <<<"$before"
  read -r r1 b1 <<<"$after"
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b-a}') $k $((r1 - r0)) $((b1 - b0))"
}

median() { sort -n | awk '{v[NR]=$1} END {printf "%.3f\n", (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
range() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "-" hi}'; }

printf '%s pages from %s; rotproof --jobs %s --per-host %s; wget -p -H -k --warc-file\n' "$pages" "$posts" "$jobs" "$per_host"
printf 'each tool run %s times, alternating; wall time is the median (range)\n\n' "$runs"
printf '%-8s %-9s %24s %10s %12s %10s\n' latency tool "wall (s)" requests "bytes" "peak RSS"
for latency in 0 50; do
  run_origin "$latency"
  : >"$work/rotproof.walls"
  : >"$work/wget.walls"
  for _ in $(seq "$runs"); do
    rm -rf "$work/rp-out" "$work/wget-out" "$work"/wget.warc.gz
    rp=$(measure rotproof build/rotproof archive --urls "$work/urls.txt" -o "$work/rp-out" \
         --connect-to "::127.0.0.1:$port" --jobs "$jobs" --per-host "$per_host" --retries 0 --quiet)
    wg=$(measure wget wget -q -p -H -k -e robots=off -e use_proxy=on -e "http_proxy=http://127.0.0.1:$port" \
         --tries=1 --warc-file="$work/wget" -P "$work/wget-out" -i "$work/urls.txt")
    echo "${rp%% *}" >>"$work/rotproof.walls"
    echo "${wg%% *}" >>"$work/wget.walls"
  done
  kill $origin_pid; wait $origin_pid 2>/dev/null || true
  read -r _ rk rr rb <<<"$rp"
  read -r _ wk wr wb <<<"$wg"
  rs=$(median <"$work/rotproof.walls")
  ws=$(median <"$work/wget.walls")
  printf '%-8s %-9s %24s %10s %12s %7s MiB\n' "${latency}ms" rotproof "$rs ($(range <"$work/rotproof.walls"))" "$rr" "$rb" $((rk / 1024))
  printf '%-8s %-9s %24s %10s %12s %7s MiB\n' "${latency}ms" wget "$ws ($(range <"$work/wget.walls"))" "$wr" "$wb" $((wk / 1024))
  printf '%-8s %-9s %24s\n\n' "" "speed-up" "$(awk -v a="$ws" -v b="$rs" 'BEGIN{printf "%.1fx", (b>0)?a/b:0}')"
done
