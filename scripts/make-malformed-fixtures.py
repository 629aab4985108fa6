#!/usr/bin/env python3
"""Writes tests/fixtures/malformed/: broken archives and posts, one defect
each, derived from base.wacz (a good archive of base.md made by rotproof with
SOURCE_DATE_EPOCH=1661908980). EXPECTED.tsv says what each must produce;
tests/integration/malformed_test.cc reads it. A developer tool: CI only reads
the committed files.

Records of base.wacz: 0 warcinfo, 1 original, 2/3 request/response same-1,
4/5 request/revisit same-2, 6/7 request/response a.png, 8 revisit (proxy),
9 rewritten, 10 page, 11 manifest.
"""
import gzip
import hashlib
import io
import json
import os
import zipfile
import zlib

HERE = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "malformed")


def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def gz(b):
    return gzip.compress(b, mtime=0)


def members(warc_gz):
    """Splits a record-at-a-time .warc.gz into record texts."""
    out, data = [], warc_gz
    while data:
        d = zlib.decompressobj(31)
        out.append(d.decompress(data))
        data = d.unused_data
    return out


def split(rec):
    head, _, rest = rec.partition(b"\r\n\r\n")
    return head, rest[:-4]


def join(head, block):
    return head + b"\r\n\r\n" + block + b"\r\n\r\n"


def set_field(head, name, value):
    lines = head.split(b"\r\n")
    for i, line in enumerate(lines):
        if line.lower().startswith(name.lower() + b":"):
            lines[i] = name + b": " + value
    return b"\r\n".join(lines)


def drop_field(head, name):
    return b"\r\n".join(l for l in head.split(b"\r\n") if not l.lower().startswith(name.lower() + b":"))


def refresh(rec):
    """Content-Length and block digest made right again after an edit."""
    head, block = split(rec)
    head = set_field(head, b"Content-Length", str(len(block)).encode())
    head = set_field(head, b"WARC-Block-Digest", sha(block).encode())
    return join(head, block)


with zipfile.ZipFile(os.path.join(HERE, "base.wacz")) as z:
    ENTRIES = {i.filename: z.read(i.filename) for i in z.infolist()}
RECORDS = members(ENTRIES["archive/data.warc.gz"])
expected = []


def warc(name, records, exit_code, codes, raw=None):
    path = os.path.join(HERE, name + ".warc.gz")
    with open(path, "wb") as f:
        f.write(raw if raw is not None else b"".join(gz(r) for r in records))
    expected.append((name + ".warc.gz", "verify", exit_code, codes))


def edited(index, fn):
    recs = list(RECORDS)
    recs[index] = fn(recs[index])
    return recs


def manifest_edit(fn):
    def apply(rec):
        head, block = split(rec)
        m = json.loads(block)
        fn(m)
        return refresh(join(head, json.dumps(m, indent=2).encode()))
    return edited(11, apply)


def wacz(name, entries, exit_code, codes, extra=None):
    path = os.path.join(HERE, name + ".wacz")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for n, data in entries.items():
            z.writestr(zipfile.ZipInfo(n, (2022, 8, 31, 1, 23, 0)), data)
        if extra:
            extra(z)
    expected.append((name + ".wacz", "verify", exit_code, codes))


def reseal(entries):
    """datapackage hashes recomputed, as a careful forger would."""
    e = dict(entries)
    dp = json.loads(e["datapackage.json"])
    for r in dp["resources"]:
        r["hash"] = sha(e[r["path"]])
        r["bytes"] = len(e[r["path"]])
    e["datapackage.json"] = json.dumps(dp, indent=2).encode()
    e["datapackage-digest.json"] = json.dumps({"path": "datapackage.json", "hash": sha(e["datapackage.json"])}).encode()
    return e


def with_warc(records):
    e = dict(ENTRIES)
    e["archive/data.warc.gz"] = b"".join(gz(r) for r in records)
    return reseal(e)


# --- WARC framing and gzip ---------------------------------------------
good = b"".join(gz(r) for r in RECORDS)
warc("good", RECORDS, 0, "")
warc("truncated-gzip-member", None, 1, "E-GZIP", raw=good[: len(good) - 40])
warc("garbage-after-records", None, 1, "E-GZIP", raw=good + b"this is not gzip")
warc("two-records-one-member", None, 0, "W-GZIP-MEMBER", raw=b"".join(gz(r) for r in RECORDS[:10]) + gz(RECORDS[10] + RECORDS[11]))
warc("not-a-warc-record", edited(9, lambda r: b"HTTP/1.1 200 OK" + r[8:]), 1, "E-WARC-VERSION")
warc("header-line-without-colon", edited(9, lambda r: r.replace(b"WARC-Type: resource", b"WARC-Type resource", 1)), 1, "E-WARC-HEADER")
warc("header-never-ends", edited(0, lambda r: r.replace(b"\r\n\r\n", b"\r\n", 1)[:200]), 1, "E-WARC-HEADER")
warc("header-not-utf8", edited(0, lambda r: r.replace(b"WARC-Type: warcinfo", b"WARC-Type: warcinfo\r\nX-Note: caf\xe9", 1)), 1, "E-WARC-HEADER")
warc("content-length-larger", edited(9, lambda r: set_field(split(r)[0], b"Content-Length", b"9999") + r[len(split(r)[0]):]), 1, "E-CONTENT-LENGTH")
warc("content-length-smaller", edited(9, lambda r: set_field(split(r)[0], b"Content-Length", b"100") + r[len(split(r)[0]):]), 1, "E-TRAILER")
warc("content-length-not-a-number", edited(9, lambda r: set_field(split(r)[0], b"Content-Length", b"12x") + r[len(split(r)[0]):]), 1, "E-CONTENT-LENGTH")
warc("gzip-bomb", RECORDS[:11] + [join(b"WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 67108864", b"\0" * (64 << 20))], 1, "E-LIMIT")

# --- named fields ---------------------------------------------------------
warc("missing-record-id", edited(9, lambda r: join(drop_field(split(r)[0], b"WARC-Record-ID"), split(r)[1])), 1, "E-MISSING-FIELD")
warc("missing-warc-date", edited(3, lambda r: join(drop_field(split(r)[0], b"WARC-Date"), split(r)[1])), 1, "E-MISSING-FIELD")
warc("response-without-target-uri", edited(7, lambda r: join(drop_field(split(r)[0], b"WARC-Target-URI"), split(r)[1])), 1, "E-MISSING-FIELD")
warc("warcinfo-with-target-uri", edited(0, lambda r: join(split(r)[0] + b"\r\nWARC-Target-URI: http://x/", split(r)[1])), 1, "E-FORBIDDEN-FIELD")
warc("repeated-warc-type", edited(9, lambda r: join(split(r)[0] + b"\r\nWARC-Type: resource", split(r)[1])), 1, "E-REPEATED-FIELD")
dup_id = [line for line in split(RECORDS[1])[0].split(b"\r\n") if line.startswith(b"WARC-Record-ID")][0][16:]
warc("duplicate-record-ids", edited(10, lambda r: join(set_field(split(r)[0], b"WARC-Record-ID", dup_id), split(r)[1])), 1, "E-DUPLICATE-ID")

# --- digests ---------------------------------------------------------------
warc("bad-block-digest", edited(10, lambda r: join(set_field(split(r)[0], b"WARC-Block-Digest", sha(b"x").encode()), split(r)[1])), 1, "E-BLOCK-DIGEST")
warc("bad-payload-digest", edited(7, lambda r: join(set_field(split(r)[0], b"WARC-Payload-Digest", sha(b"x").encode()), split(r)[1])), 1, "E-PAYLOAD-DIGEST")
warc("flipped-payload-byte", edited(7, lambda r: r[:-10] + bytes([r[-10] ^ 1]) + r[-9:]), 1, "E-BLOCK-DIGEST,E-PAYLOAD-DIGEST,E-MANIFEST-DIGEST")
import base64
def b64_digest(r):
    head, block = split(r)
    return join(set_field(head, b"WARC-Block-Digest", b"sha256:" + base64.b64encode(hashlib.sha256(block).digest())), block)
warc("digest-in-base64", edited(10, b64_digest), 0, "W-DIGEST-FORMAT")
warc("digest-label-sha-256", edited(10, lambda r: r.replace(b"WARC-Block-Digest: sha256:", b"WARC-Block-Digest: SHA-256:", 1)), 0, "W-DIGEST-FORMAT")

# --- HTTP inside records ---------------------------------------------------
def chunked(r):
    head, block = split(r)
    return refresh(join(head, block.replace(b"Content-Length: ", b"Transfer-Encoding: chunked\r\nContent-Length: ", 1)))
warc("stored-response-still-chunked", edited(7, chunked), 1, "E-HTTP-CHUNKED")
warc("http-content-length-wrong", edited(7, lambda r: refresh(join(split(r)[0], split(r)[1].replace(b"Content-Length: ", b"Content-Length: 9", 1)))), 0, "W-HTTP-CONTENT-LENGTH")

# --- revisits ----------------------------------------------------------------
warc("revisit-refers-to-nothing", edited(5, lambda r: r.replace(b"WARC-Refers-To: <urn:uuid:", b"WARC-Refers-To: <urn:uuid:0", 1)), 1, "E-REVISIT-REFERS")
warc("revisit-digest-differs", edited(5, lambda r: join(set_field(split(r)[0], b"WARC-Payload-Digest", sha(b"x").encode()), split(r)[1])), 1, "E-REVISIT-DIGEST")
warc("revisit-without-profile", edited(8, lambda r: join(drop_field(split(r)[0], b"WARC-Profile"), split(r)[1])), 1, "E-MISSING-FIELD")

# --- manifest -----------------------------------------------------------------
warc("manifest-missing", RECORDS[:11], 1, "E-MANIFEST-MISSING")
warc("manifest-not-json", edited(11, lambda r: refresh(join(split(r)[0], b"{not json"))), 1, "E-MANIFEST-JSON")
warc("manifest-field-of-wrong-type", manifest_edit(lambda m: m["references"][0].__setitem__("status", 7)), 1, "E-MANIFEST-JSON")
warc("manifest-span-out-of-range", manifest_edit(lambda m: m["references"][2].__setitem__("span", [10, 99999])), 1, "E-MANIFEST-JSON")
warc("manifest-wrong-digest", manifest_edit(lambda m: m["references"][2].__setitem__("payload_digest", sha(b"x"))), 1, "E-MANIFEST-DIGEST")
warc("manifest-names-missing-record", manifest_edit(lambda m: m["references"][2].__setitem__("record_id", "<urn:uuid:00000000-0000-8000-8000-000000000000>")), 1, "E-MANIFEST-RECORD")
warc("manifest-zip-slip-local-path", manifest_edit(lambda m: m["references"][2].__setitem__("local_path", "assets/../../etc/passwd")), 1, "E-LOCAL-PATH")
warc("manifest-one-path-two-payloads", manifest_edit(lambda m: m["references"][2].__setitem__("local_path", "assets/same-1.png")), 1, "E-LOCAL-PATH")
warc("rewritten-changed-outside-spans", edited(9, lambda r: refresh(r.replace(b"title: base", b"title: evil", 1))), 1, "E-REWRITE-MISMATCH,E-MANIFEST-DIGEST")
with open(os.path.join(HERE, "empty.warc.gz"), "wb"):
    pass
expected.append(("empty.warc.gz", "verify", 2, "E-UNREADABLE"))

# --- WACZ container ---------------------------------------------------------
wacz("good", ENTRIES, 0, "")
wacz("zip-slip-entry", ENTRIES, 1, "E-ZIP-PATH", extra=lambda z: z.writestr("../../evil.sh", b"echo pwned"))
wacz("absolute-entry", ENTRIES, 1, "E-ZIP-PATH", extra=lambda z: z.writestr("/etc/evil", b"x"))
def symlink(z):
    info = zipfile.ZipInfo("pages/link")
    info.create_system = 3
    info.external_attr = (0o120777 << 16)
    z.writestr(info, b"/etc/passwd")
wacz("symlink-entry", ENTRIES, 1, "E-ZIP-ENTRY", extra=symlink)
wacz("duplicate-entry-names", ENTRIES, 1, "E-ZIP-DUPLICATE", extra=lambda z: z.writestr("pages/pages.jsonl", b"{}"))
wacz("datapackage-missing", {k: v for k, v in ENTRIES.items() if k != "datapackage.json"}, 1, "E-DATAPACKAGE-MISSING")
wacz("datapackage-not-json", {**ENTRIES, "datapackage.json": b"[1,2"}, 1, "E-DATAPACKAGE-JSON")
def dp_edit(fn):
    e = dict(ENTRIES)
    dp = json.loads(e["datapackage.json"])
    fn(dp)
    e["datapackage.json"] = json.dumps(dp, indent=2).encode()
    e["datapackage-digest.json"] = json.dumps({"path": "datapackage.json", "hash": sha(e["datapackage.json"])}).encode()
    return e
wacz("wrong-wacz-version", dp_edit(lambda dp: dp.__setitem__("wacz_version", "1.0.0")), 1, "E-WACZ-VERSION")
wacz("datapackage-lists-missing-file", dp_edit(lambda dp: dp["resources"].append({"name": "x.warc.gz", "path": "archive/x.warc.gz", "hash": sha(b""), "bytes": 0})), 1, "E-RESOURCE-MISSING")
wacz("unlisted-file", ENTRIES, 1, "E-RESOURCE-UNLISTED", extra=lambda z: z.writestr("extra/notes.txt", b"hello"))
wacz("wrong-byte-count", dp_edit(lambda dp: dp["resources"][1].__setitem__("bytes", 1)), 1, "E-RESOURCE-SIZE")
wacz("hash-label-base64", dp_edit(lambda dp: dp["resources"][0].__setitem__("hash", "sha256:" + base64.b64encode(b"x" * 32).decode())), 1, "E-DIGEST-LABEL")
wacz("resource-hash-wrong", dp_edit(lambda dp: dp["resources"][2].__setitem__("hash", sha(b"x"))), 1, "E-RESOURCE-HASH")
wacz("datapackage-digest-mismatch", {**ENTRIES, "datapackage-digest.json": json.dumps({"path": "datapackage.json", "hash": sha(b"x")}).encode()}, 1, "E-DATAPACKAGE-DIGEST")
wacz("datapackage-digest-missing", {k: v for k, v in ENTRIES.items() if k != "datapackage-digest.json"}, 0, "W-DIGEST-FILE-MISSING")
wacz("cdxj-missing", reseal({k: v for k, v in ENTRIES.items() if k != "indexes/index.cdxj"} | {"indexes/index.cdxj": b""}) if False else
     (lambda e: (e.pop("indexes/index.cdxj"), e)[1])(dp_edit(lambda dp: dp.__setitem__("resources", [r for r in dp["resources"] if r["path"] != "indexes/index.cdxj"]))),
     1, "E-CDXJ-MISSING")
def cdxj_edit(fn):
    e = dict(ENTRIES)
    lines = e["indexes/index.cdxj"].decode().splitlines()
    e["indexes/index.cdxj"] = ("\n".join(fn(lines)) + "\n").encode()
    return reseal(e)
wacz("cdxj-line-garbled", cdxj_edit(lambda l: l[:2] + ["garbage line"] + l[2:]), 1, "E-CDXJ-PARSE")
wacz("cdxj-offset-wrong", cdxj_edit(lambda l: [l[0].replace('"offset":', '"offset":1', 1)] + l[1:]), 1, "E-CDXJ-OFFSET")
wacz("cdxj-unsorted", cdxj_edit(lambda l: list(reversed(l))), 1, "E-CDXJ-ORDER")
wacz("cdxj-numbers-as-strings", cdxj_edit(lambda l: [x.replace('"length":', '"length":"', 1).replace(',"offset"', '","offset"', 1) for x in l]), 0, "")
wacz("pages-header-missing", reseal({**ENTRIES, "pages/pages.jsonl": b'{"url": "x", "ts": "2022"}\n'}), 1, "E-PAGES")
wacz("warc-entry-replaced-by-text", with_warc([b"not a warc at all"]) | {"archive/data.warc.gz": b"not a warc"}, 1, "E-GZIP")
with open(os.path.join(HERE, "not-a-zip.wacz"), "wb") as f:
    f.write(b"PK but not really a zip file")
expected.append(("not-a-zip.wacz", "verify", 2, "E-UNREADABLE"))
with open(os.path.join(HERE, "truncated.wacz"), "wb") as f:
    f.write(open(os.path.join(HERE, "good.wacz"), "rb").read()[:3000])
expected.append(("truncated.wacz", "verify", 1, "E-ZIP-DAMAGED"))

# --- posts --------------------------------------------------------------------
def post(name, data, exit_code, message):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    expected.append((name, "archive", exit_code, message))
post("binary-post.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 2, "binary file (contains NUL bytes), not an article")
post("front-matter-tab-indent.md", b"---\ntitle: x\n\tbad: indent\n---\nbody\n", 2, "front matter is not valid YAML")
post("front-matter-not-a-mapping.md", b"---\n- a\n- b\n---\nbody\n", 2, "front matter is not a YAML mapping")
post("front-matter-unclosed.md", b"---\ntitle: never closed\n\n<img src=\"http://img.test/u.png\">\n", 0, "")
post("bom-crlf.md", b"\xef\xbb\xbf---\r\ntitle: crlf\r\nheadimg: http://img.test/crlf.png\r\n---\r\n![x](http://img.test/c.png)\r\n", 0, "")
post("html-unclosed-comment.html", b"<p><img src=\"http://img.test/before.png\"><!-- never closed <img src=\"http://img.test/hidden.png\">", 0, "")

with open(os.path.join(HERE, "EXPECTED.tsv"), "w") as f:
    f.write("# file\ttool\texit code\tfindings that must appear (verify) or stderr text (archive)\n")
    for name, tool, code, what in expected:
        f.write(f"{name}\t{tool}\t{code}\t{what}\n")
print(f"{len(expected)} fixtures")
