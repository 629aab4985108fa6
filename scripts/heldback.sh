#!/usr/bin/env bash
# The held-back figures for origin resolution (expected results written
# before rotproof first ran on them). URLs: for each line of
# tests/fixtures/heldback/structural.tsv, is the first candidate
# `rotproof archive --explain` lists the expected origin ("-": the URL as
# written, nothing guessed)? Posts: for each reference of the posts in
# tests/fixtures/heldback/posts/ (posts.tsv), the same, plus "none" for a
# link that must not become a reference, and every reference found that
# posts.tsv does not list is a miss too. Prints each miss and the figures.
# Fetches nothing.
# Usage: scripts/heldback.sh [ROTPROOF_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/rotproof}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hits=0 total=0
while IFS=$'\t' read -r url expected source; do
  [[ -z "$url" || "$url" == \#* ]] && continue
  printf '<img src="%s">\n' "$url" >"$work/post.html"
  first=$("$bin" archive --explain "$work/post.html" | sed -n 's/^    1\. \(.*\)  <- .*/\1/p' | sed 's/&amp;/\&/g')
  want="$expected"
  [ "$want" = "-" ] && want="$url"
  total=$((total + 1))
  if [ "$first" = "$want" ]; then
    hits=$((hits + 1))
  else
    printf 'miss (%s): %s\n  expected %s\n  got      %s\n' "$source" "$url" "$want" "$first"
  fi
done <tests/fixtures/heldback/structural.tsv
echo "held-back: $hits of $total URLs give the expected first candidate"

# Each post's references as "url<TAB>first candidate", one per line.
explain_post() {
  "$bin" archive --explain "$1" | awk '
    /^\[[0-9]+\] / { sub(/^\[[0-9]+\] [^ ]+ at bytes [0-9]+-[0-9]+: /, ""); url = $0; next }
    /^    1\. / && url != "" { c = $0; sub(/^    1\. /, "", c); sub(/  <- .*/, "", c); print url "\t" c; url = "" }
    /^    \(no candidate/ && url != "" { print url "\t"; url = "" }'
}
posts=tests/fixtures/heldback/posts
post_hits=0 post_total=0
declare -A listed=()
while IFS=$'\t' read -r post ref expected source; do
  [[ -z "$post" || "$post" == \#* ]] && continue
  listed["$post|$ref"]=1
  post_total=$((post_total + 1))
  found=$(explain_post "$posts/$post" | awk -F'\t' -v ref="$ref" '$1 == ref { print "found\t" $2; exit }' | sed 's/&amp;/\&/g')
  if [ "$expected" = none ]; then
    [ -z "$found" ] && post_hits=$((post_hits + 1)) || printf 'miss (%s): %s: %s became a reference\n' "$source" "$post" "$ref"
    continue
  fi
  want="$expected"
  [ "$want" = "-" ] && want="$ref"
  got="${found#found$'\t'}"
  if [ -n "$found" ] && [ "$got" = "$want" ]; then
    post_hits=$((post_hits + 1))
  else
    printf 'miss (%s): %s: %s\n  expected %s\n  got      %s\n' "$source" "$post" "$ref" "$want" "${found:+$got}"
  fi
done <tests/fixtures/heldback/posts.tsv
unlisted=0
for f in "$posts"/*.md; do
  post=$(basename "$f")
  while IFS=$'\t' read -r url _; do
    [ -n "${listed["$post|$url"]:-}" ] && continue
    unlisted=$((unlisted + 1))
    printf 'miss: %s: %s found, not an expected reference\n' "$post" "$url"
  done < <(explain_post "$f")
done
echo "held-back posts: $post_hits of $post_total expectations met; $unlisted unexpected references"
