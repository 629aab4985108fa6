#!/usr/bin/env bash
# Writes the man pages from the programs' own --help with help2man:
# rotproof(1), rotproof-COMMAND(1) for each COMMAND, rotproof-verify(1).
# Each page's one-line name is the first line of that --help.
# Usage: scripts/make-man.sh ROTPROOF ROTPROOF_VERIFY OUT_DIR VERSION COMMAND...
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,5p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
[ $# -ge 4 ] || { echo "usage: scripts/make-man.sh ROTPROOF ROTPROOF_VERIFY OUT_DIR VERSION COMMAND..." >&2; exit 2; }
rotproof=$1 verify=$2 out=$3 version=$4
shift 4
mkdir -p "$out"
page() {  # NAME PROGRAM...: the page NAME.1 for the command line PROGRAM...
  local name=$1
  shift
  local summary
  summary=$("$@" --help | sed -n 1p | sed 's/^rotproof[-a-z]*: //')
  help2man --no-info --no-discard-stderr --version-string "$version" --name "$summary" \
    --output "$out/$name.1" "$*"
}
page rotproof "$rotproof"
page rotproof-verify "$verify"
for command in "$@"; do
  page "rotproof-$command" "$rotproof" "$command"
done
