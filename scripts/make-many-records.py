#!/usr/bin/env python3
"""Writes a WACZ of N small response records (with their CDXJ, pages and
datapackage) for scripts/bench-verify.sh's record-count figure. It has no
rotproof manifest, so the verifier reports E-MANIFEST-MISSING: the bench
measures the cross-checks' cost, not a clean verdict.
Usage: make-many-records.py N OUT.wacz"""
import gzip
import hashlib
import io
import json
import sys
import zipfile


def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def record(fields, block):
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=1, mtime=0)


def main(n, out):
    warc, cdxj = io.BytesIO(), []
    for i in range(n):
        url = f"http://img.example.com/{i:08d}.png"
        body = f"body {i}".encode()
        http = f"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
        member = record([("WARC-Type", "response"),
                         ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>"),
                         ("WARC-Date", "2026-01-01T00:00:00Z"), ("WARC-Target-URI", url),
                         ("Content-Type", "application/http; msgtype=response"),
                         ("WARC-Block-Digest", sha(http)), ("WARC-Payload-Digest", sha(body))], http)
        offset = warc.tell()
        warc.write(member)
        key = f"com,example,img)/{i:08d}.png"
        cdxj.append(f'{key} 20260101000000 {{"url":"{url}","digest":"{sha(body)}",'
                    f'"offset":{offset},"length":{len(member)},"filename":"data.warc.gz"}}\n')
    cdxj.sort()
    files = {"archive/data.warc.gz": warc.getvalue(), "indexes/index.cdxj": "".join(cdxj).encode(),
             "pages/pages.jsonl": b'{"format":"json-pages-1.0","id":"pages"}\n'}
    resources = [{"name": p.split("/")[-1], "path": p, "hash": sha(b), "bytes": len(b)} for p, b in files.items()]
    package = json.dumps({"profile": "data-package", "wacz_version": "1.1.1", "resources": resources}).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for path, data in files.items():
            z.writestr(path, data)
        z.writestr("datapackage.json", package)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
