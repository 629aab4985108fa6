#!/usr/bin/env bash
# Installs the Debian 12 packages rotproof builds with (what the demo
# needs); with --test, also what the tests run: clang for the sanitizer and
# fuzzer build, Chromium for the browser test, Hugo and Jekyll for the
# engine build test, a one-node Slurm, node and npm with the pinned npm packages (warcio.js,
# ajv, puppeteer-core, Hexo) and ReplayWeb.page. A no-op when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."
for_tests=false
case "${1:-}" in
  --test) for_tests=true ;;
  "") ;;
  *) echo "usage: scripts/install-deps.sh [--test]" >&2; exit 2 ;;
esac
packages=(
  build-essential cmake pkg-config ca-certificates
  libcurl4-openssl-dev libarchive-dev libssl-dev zlib1g-dev
  libyaml-cpp-dev libtomlplusplus-dev libdeflate-dev libgumbo-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libdtl-dev
  nlohmann-json3-dev libcli11-dev libcpp-httplib-dev libbrotli-dev libicu-dev libsqlite3-dev
  googletest libgtest-dev time unzip help2man
)
if $for_tests; then
  # llvm: the sanitizers' and fuzzer's reports need its symbolizer.
  packages+=(clang clang-format libclang-rt-14-dev llvm chromium fonts-wqy-zenhei hugo jekyll slurm-wlm munge)
  command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
$for_tests || exit 0

# Each test's npm packages, pinned in its package.json: warcio.js and ajv
# (interop), puppeteer-core driving Debian's Chromium with no browser
# download (browser), Hexo and its renderers (engines).
npm_install() {  # DIR MODULE
  [ -d "$1/node_modules/$2" ] && return 0
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$1" --no-package-lock --no-audit --no-fund --loglevel=error
}
npm_install tests/interop warcio
npm_install tests/interop ajv
npm_install tests/browser puppeteer-core
npm_install tests/engines hexo

# ReplayWeb.page, the player the browser test replays packages in: its
# published bundle (ui.js and the service worker sw.js hold everything it
# runs), pinned; npm checks the tarball against the registry's integrity.
replay_version=2.5.3
replay_dir=tests/browser/replaywebpage
if [ ! -f "$replay_dir/ui.js" ] || ! grep -qx "$replay_version" "$replay_dir/VERSION" 2>/dev/null; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "replaywebpage@$replay_version" >/dev/null && tar -xzf "replaywebpage-$replay_version.tgz")
  mkdir -p "$replay_dir"
  cp "$tmp/package/ui.js" "$tmp/package/sw.js" "$tmp/package/LICENSE" "$replay_dir/"
  echo "$replay_version" >"$replay_dir/VERSION"
  rm -rf "$tmp"
fi
