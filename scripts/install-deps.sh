#!/usr/bin/env bash
# Installs the Debian 12 packages rotproof builds and tests with; a no-op
# when they are all present.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(
  build-essential cmake pkg-config ca-certificates
  libcurl4-openssl-dev libarchive-dev libssl-dev zlib1g-dev
  libyaml-cpp-dev libtomlplusplus-dev libdeflate-dev libgumbo-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libdtl-dev
  nlohmann-json3-dev libcli11-dev libcpp-httplib-dev libbrotli-dev libicu-dev libsqlite3-dev
  googletest libgtest-dev time unzip
  clang clang-format libclang-rt-14-dev llvm
  chromium fonts-wqy-zenhei hugo jekyll
)
# Chromium opens restored pages in the browser test; Hugo and Jekyll build
# sites from restored posts. node and npm run the third-party reader
# (warcio.js) in the interop test, puppeteer-core and Hexo.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
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

# warcio.js and ajv, pinned in tests/interop/package.json.
if [ ! -d tests/interop/node_modules/warcio ] || [ ! -d tests/interop/node_modules/ajv ]; then
  npm install --prefix tests/interop --no-package-lock --no-audit --no-fund --loglevel=error
fi

# puppeteer-core drives Debian's Chromium: no browser is downloaded.
if [ ! -d tests/browser/node_modules/puppeteer-core ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix tests/browser --no-package-lock --no-audit --no-fund --loglevel=error
fi

# Hexo and its renderers, pinned in tests/engines/package.json: the engine build test.
if [ ! -d tests/engines/node_modules/hexo ]; then
  npm install --prefix tests/engines --no-package-lock --no-audit --no-fund --loglevel=error
fi
