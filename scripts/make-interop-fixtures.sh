#!/usr/bin/env bash
# Real third-party archives for the verifier (tests/fixtures/interop/,
# verdicts in EXPECTED.tsv): GNU Wget's WARC writer crawling the loopback
# origin (WARC/1.0, sha1 Base32, chunked bodies hashed as stored, revisits
# from --warc-dedup), Webrecorder's warcio.js writer (WARC/1.1, revisits by
# URI and date) and indexer (CDXJ), and WACZ packages in a layout rotproof
# does not write (several WARCs, any names), zipped by Python.
# Usage: scripts/make-interop-fixtures.sh [BUILD_DIR]   (needs wget, node, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,9p' "$0"; exit 0 ;; esac
build="${1:-build}"
out=tests/fixtures/interop
work=$(mktemp -d)
origin_pid=""
cleanup() {
  [ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/pages" "$out"
cat >"$work/pages/post.html" <<'HTML'
<!DOCTYPE html><html><head><title>Interop post</title></head><body>
<p>An article with pictures.</p>
<img src="/img/a.png"><img src="/img/chunked-b.png"><img src="/img/dead-c.png">
</body></html>
HTML
"$build/rotproof-origin" 0 --pages "$work/pages" >"$work/origin.log" &
origin_pid=$!
for _ in $(seq 50); do grep -q listening "$work/origin.log" && break; sleep 0.1; done
base="http://$(sed -n 's/listening on //p' "$work/origin.log")"

crawl() {  # crawl NAME [wget options]
  local name=$1
  shift
  (cd "$work" && wget -q -p -P "site-$name" --no-warc-keep-log --warc-file="$name" "$@" "$base/posts/post.html") || true
}
crawl wget --warc-cdx
crawl wget-dedup --warc-dedup=wget.cdx
crawl wget-plain --no-warc-compression
cp "$work/wget.warc.gz" "$out/wget-1.21.warc.gz"
cp "$work/wget-dedup.warc.gz" "$out/wget-dedup.warc.gz"
cp "$work/wget-plain.warc" "$out/wget-plain.warc"
gzip -c "$work/wget-plain.warc" >"$out/wget-whole-file-gzip.warc.gz"
# One payload byte changed (the image's last byte), nothing else.
python3 - "$work/wget-plain.warc" "$out/wget-damaged.warc" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.index(b"\x89PNG")
end = data.index(b"\r\n\r\nWARC/", at)
data[end - 1] ^= 1
open(sys.argv[2], "wb").write(data)
PY

node tests/interop/make_warcio_fixtures.mjs "$work"
cp "$work"/warcio-*.warc* "$out/"

# WACZ packages: two WARCs by two writers, indexed by warcio.js.
python3 - "$work" "$out" tests/interop/node_modules/.bin/warcio <<'PY'
import gzip, hashlib, json, subprocess, sys, zipfile
work, out, warcio = sys.argv[1:]
warcs = {"archive/rec-wget.warc.gz": f"{work}/wget.warc.gz", "archive/rec-warcio.warc.gz": f"{work}/warcio-1.1.warc.gz"}
lines = []
for name, path in warcs.items():
    cdx = subprocess.run([warcio, "cdx-index", path], check=True, capture_output=True, text=True).stdout
    lines += [l.replace(path.rsplit("/", 1)[1], name.split("/", 1)[1]) for l in cdx.splitlines() if l]
lines.sort()
warc_files = {name: open(path, "rb").read() for name, path in warcs.items()}
pages = (json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}) + "\n" +
         json.dumps({"url": "http://127.0.0.1/posts/post.html", "ts": "2026-12-07T00:00:00Z"}) + "\n").encode()
files = dict(warc_files, **{"indexes/index.cdxj": ("\n".join(lines) + "\n").encode(), "pages/pages.jsonl": pages})

# The compressed form ArchiveWeb.page writes past 2048 lines (here 4 lines a
# block): gzip members of CDXJ lines, and an .idx locating each member.
def compressed(shift=0):
    blocks, idx, offset = b"", ['!meta 0 {"format":"cdxj-gzip-1.0","filename":"index.cdx.gz"}'], 0
    for at in range(0, len(lines), 4):
        member = gzip.compress(("\n".join(lines[at:at + 4]) + "\n").encode(), mtime=0)
        key = lines[at][:lines[at].index(" {")]
        idx.append(key + " " + json.dumps({"offset": offset + shift, "length": len(member),
                                             "digest": "sha256:" + hashlib.sha256(member).hexdigest()}))
        blocks += member
        offset += len(member)
    return dict(warc_files, **{"indexes/index.cdx.gz": blocks, "indexes/index.idx": ("\n".join(idx) + "\n").encode(),
                               "pages/pages.jsonl": pages})
def package(name, version, files=files):
    dp = {"profile": "data-package", "wacz_version": version, "created": "2026-12-07T00:00:00Z", "software": "fixture",
          "resources": [{"name": n.rsplit("/", 1)[1], "path": n, "hash": "sha256:" + hashlib.sha256(d).hexdigest(),
                         "bytes": len(d)} for n, d in files.items()]}
    dpj = json.dumps(dp, indent=2).encode()
    digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(dpj).hexdigest()}
    with zipfile.ZipFile(f"{out}/{name}", "w") as z:
        for n, d in files.items():
            z.writestr(zipfile.ZipInfo(n, (2026, 12, 7, 0, 0, 0)), d,
                       zipfile.ZIP_STORED if n.endswith(".gz") else zipfile.ZIP_DEFLATED)
        z.writestr("datapackage.json", dpj)
        z.writestr("datapackage-digest.json", json.dumps(digest))
package("two-warcs-any-names.wacz", "1.1.1")
package("wacz-1.0.0.wacz", "1.0.0")
package("compressed-index.wacz", "1.1.1", compressed())
package("compressed-index-misplaced.wacz", "1.1.1", compressed(shift=1))
PY
ls -l "$out"
