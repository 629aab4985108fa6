# What the benchmarks share: a scratch directory with the loopback origin,
# generated posts and a timer. Sourced.

# Makes $work (removed on exit) and starts the loopback origin there for
# the rest of the script: $port is where it listens.
start_origin() {
  work=$(mktemp -d)
  origin_pid=""
  trap '[ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null; rm -rf "$work"' EXIT
  build/rotproof-origin 0 >"$work/origin.log" &
  origin_pid=$!
  for _ in $(seq 50); do grep -q listening "$work/origin.log" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/origin.log")
}

# N generated posts in DIR: front matter with a proxied headimg, five
# images (two through a proxy with the origin in data-original, one shared
# by every post).
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
