#!/usr/bin/env bash
# Builds the .deb (CPack) from BUILD_DIR, unpacks it into a scratch root
# with dpkg -x, and runs the installed programs from there: --version, the
# man page, the completion, and the demo (archive, verify, restore).
# Leaves the package in BUILD_DIR/package/.
# Usage: scripts/package.sh [BUILD_DIR]
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,6p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
cd "$(dirname "$0")/.."
build="${1:-build}"
[ -x "$build/rotproof" ] || { echo "scripts/package.sh: no build in $build (scripts/build.sh $build)" >&2; exit 2; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
(cd "$build" && cpack -G DEB -B "$PWD/package" >/dev/null)
deb=$(ls "$build"/package/rotproof_*.deb)
echo "package: $deb"
dpkg-deb --field "$deb" Package Version Depends
dpkg -x "$deb" "$root"
(cd "$root" && find . -type f | sort)
"$root/usr/bin/rotproof" --version
"$root/usr/bin/rotproof-verify" --version
man -l "$root/usr/share/man/man1/rotproof.1" | sed -n 1,8p
bash -c "source '$root/usr/share/bash-completion/completions/rotproof' && complete -p rotproof"
ROTPROOF_BIN="$root/usr/bin" DEMO_DIR="$root/demo" scripts/demo.sh
