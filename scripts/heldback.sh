#!/usr/bin/env bash
# The held-back figure for structural unwrapping: for each URL of
# tests/fixtures/heldback/structural.tsv (expected results written before the
# detectors first ran), is the first candidate `rotproof archive --explain`
# lists the expected origin ("-": the URL as written, nothing guessed)?
# Prints each miss and the figure. Fetches nothing.
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
