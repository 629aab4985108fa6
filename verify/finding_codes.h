#pragma once
// Every code rotproof-verify reports, with where it points and what it
// means: the one registry. `E-` codes are integrity defects (exit 1), `W-`
// codes warnings (exit 0, or 1 under --strict). docs/verify-codes.md's
// table is this table (`rotproof-verify --codes` prints it, and a test
// holds the two equal); another test holds the codes the sources report to
// exactly these.

#include <string>
#include <string_view>

namespace rotproof {

struct FindingCode {
  std::string_view code;
  std::string_view where;
  std::string_view meaning;
};

inline constexpr FindingCode kFindingCodes[] = {
    {"E-UNREADABLE", "the path",
     "missing file, not a regular file (FIFO, device), not a web archive at all (named: an ARC file, a .warc.zst, "
     "anything else), or out of memory auditing it"},
    {"E-ZIP-DAMAGED", "zip", "the zip structure breaks after some entries"},
    {"E-ZIP-ENTRY", "zip", "an entry cannot be read back (CRC, compression), or is not a regular file"},
    {"E-ZIP-LIMIT", "zip",
     "more entries or more uncompressed bytes than the reader's limits (10,000 entries, 64 GiB, 1000:1), or a "
     "datapackage file over 256 MiB"},
    {"E-ZIP-PATH", "entry", "absolute, `..` or backslash entry name"},
    {"E-ZIP-DUPLICATE", "entry", "two entries with one name"},
    {"E-DATAPACKAGE-MISSING", "datapackage.json", "no datapackage.json"},
    {"E-DATAPACKAGE-JSON", "datapackage.json", "not a JSON object, or no resources list"},
    {"E-WACZ-VERSION", "datapackage.json",
     "`profile` is not `data-package` or `wacz_version` is not `1.1.1` (WACZ 1.0.0 included, as py-wacz does)"},
    {"E-RESOURCE-MISSING", "resource path", "listed in datapackage.json, absent from the zip"},
    {"E-RESOURCE-UNLISTED", "entry", "in the zip, not listed in datapackage.json"},
    {"E-RESOURCE-HASH", "resource path", "the file does not hash to the listed `hash`"},
    {"E-RESOURCE-SIZE", "resource path", "the file's size is not the listed `bytes`"},
    {"E-DIGEST-LABEL", "resource path", "a datapackage hash that is not `sha256:<64 hex>`"},
    {"E-DATAPACKAGE-DIGEST", "datapackage-digest.json", "its hash does not match datapackage.json's bytes"},
    {"W-DIGEST-FILE-MISSING", "datapackage-digest.json", "no digest file (optional in WACZ 1.1.1)"},
    {"E-SIGNATURE-MISSING", "datapackage-digest.json",
     "no signedData, under `--require-signature` or `--pubkey` (checked with `--fast` too)"},
    {"E-SIGNATURE", "datapackage-digest.json",
     "malformed signedData, or the signature does not verify with its publicKey (anonymous) or the domainCert "
     "leaf's key (domain identity)"},
    {"E-SIGNATURE-HASH", "datapackage-digest.json", "signedData.hash is not the hash of datapackage.json"},
    {"E-SIGNATURE-CREATED", "datapackage-digest.json", "signedData.created differs from datapackage.json's created"},
    {"E-SIGNATURE-DOMAIN", "datapackage-digest.json",
     "domain identity: the domainCert leaf does not name signedData.domain"},
    {"E-SIGNATURE-CHAIN", "datapackage-digest.json",
     "domain identity: domainCert does not chain to a trusted root (`--ca-file`, else the system's) at `created`"},
    {"E-SIGNATURE-TIMESTAMP", "datapackage-digest.json",
     "domain identity: timeSignature is not an RFC 3161 response over the signature by a timestampCert chained to a "
     "trusted root at its time, or is more than 10 minutes from `created`"},
    {"E-SIGNATURE-KEY", "datapackage-digest.json",
     "signed with a key other than `--pubkey` (an unreadable `--pubkey` is a usage error, exit 2)"},
    {"E-WARC-MISSING", "archive/", "no WARC in the archive (`archive/*.warc.gz` or `archive/*.warc`)"},
    {"E-GZIP", "WARC@offset", "a gzip member is corrupt or truncated; the rest of the WARC is not read"},
    {"E-LIMIT", "WARC@offset", "a gzip member inflates past 2 GiB or 1000:1 (a gzip bomb); the rest is not read"},
    {"W-GZIP-MEMBER", "WARC@offset",
     "a gzip member holds more than one record (a whole-file gzip), or a record runs on into the next member (a "
     "misaligned gzip): read all the same, but an index cannot point at those records"},
    {"E-WARC-VERSION", "WARC@offset",
     "the record does not start with `WARC/1.1`, `WARC/1.0`, `WARC/0.18` or "
     "`WARC/0.17`"},
    {"W-WARC-VERSION", "WARC@offset", "`WARC/0.17` or `WARC/0.18`, before the ISO standard: read as WARC/1.0"},
    {"E-WARC-HEADER", "WARC@offset", "malformed header line, no CRLF CRLF, or too many fields"},
    {"E-CONTENT-LENGTH", "WARC@offset", "Content-Length missing, not a number, or longer than the data"},
    {"E-TRAILER", "WARC@offset", "the block is not followed by CRLF CRLF (Content-Length too small)"},
    {"E-MISSING-FIELD", "WARC@offset", "a field WARC 1.1 makes mandatory for the record type is absent"},
    {"E-FORBIDDEN-FIELD", "WARC@offset", "a field WARC 1.1 forbids on the record type is present"},
    {"E-REPEATED-FIELD", "WARC@offset", "a non-repeatable field repeats"},
    {"E-WARC-DATE", "WARC@offset", "WARC-Date is not `YYYY-MM-DDThh:mm:ss[.fraction]Z` (fractions from WARC/1.1)"},
    {"E-RECORD-ID", "WARC@offset", "WARC-Record-ID is not a URI in `<` `>`"},
    {"W-TARGET-URI", "WARC@offset",
     "WARC-Target-URI in `<` `>` (WARC 1.0's form) in a WARC/1.1 record, or holding spaces"},
    {"E-DUPLICATE-ID", "WARC@offset", "two records share a WARC-Record-ID"},
    {"W-LINK-TARGET", "WARC@offset", "WARC-Concurrent-To or WARC-Warcinfo-ID names no record of the archive"},
    {"E-BLOCK-DIGEST", "WARC@offset", "WARC-Block-Digest does not match the block"},
    {"E-PAYLOAD-DIGEST", "WARC@offset", "WARC-Payload-Digest does not match the payload"},
    {"E-DIGEST-VALUE", "WARC@offset",
     "a digest of a known algorithm whose value is no Base32, Base16 or Base64 value of its size"},
    {"W-DIGEST-FORMAT", "WARC@offset",
     "a digest spelled unusually but checked: a label such as `SHA-256`, a Base64 value, a Base16 sha1"},
    {"W-DIGEST-UNCHECKED", "WARC@offset",
     "a digest in an algorithm this verifier does not compute, or a payload behind an HTTP head over 1 MiB"},
    {"W-SEGMENT-INCOMPLETE", "WARC@offset",
     "a record split across continuation records whose segments are not all in the archive, in order: the payload "
     "digest over all of them is not checked (when they are, it is, and a mismatch is E-PAYLOAD-DIGEST)"},
    {"E-REVISIT-REFERS", "WARC@offset",
     "a revisit's original (by WARC-Refers-To, or by Refers-To-Target-URI and -Date) is not in a WACZ or a WARC "
     "rotproof wrote, or its Refers-To-Target-URI/-Date differ from that record"},
    {"W-REVISIT-ELSEWHERE", "WARC@offset",
     "a revisit's original is not in this bare WARC (it may be in another WARC of the crawl)"},
    {"E-REVISIT-DIGEST", "WARC@offset", "a revisit's payload digest differs from the record it refers to"},
    {"W-REVISIT-BLOCK-DIGEST", "WARC@offset",
     "a revisit's block digest is of an empty block though the block holds the HTTP head (GNU Wget's revisits)"},
    {"E-HTTP-HEAD", "WARC@offset",
     "an application/http response or request block whose head never ends (no CRLF CRLF) or does not start with a "
     "status line (`HTTP/1.1 200 OK`) or a request line (`GET /a HTTP/1.1`)"},
    {"E-HTTP-CHUNKED", "WARC@offset", "the HTTP head says `Transfer-Encoding: chunked`, the body is not chunked"},
    {"W-HTTP-CHUNKED", "WARC",
     "responses stored chunked: how many payload digests cover the chunked bytes (wget's convention) and how many "
     "the entity (WARC 1.1); either passes"},
    {"W-HTTP-CONTENT-LENGTH", "WARC@offset",
     "the HTTP Content-Length differs from the stored body (readers often store decoded bodies)"},
    {"E-CDXJ-MISSING", "indexes/", "no index (`indexes/*.cdxj` or `*.cdx`, or `*.cdx.gz` with `*.idx`)"},
    {"E-INDEX-GZIP", "indexes/*.cdx.gz@offset",
     "a compressed index's gzip data is corrupt or truncated, or inflates past 1000:1; the rest is not read"},
    {"E-INDEX-BLOCK", "indexes/*.idx line",
     "an `.idx` line does not locate a gzip member of its compressed index exactly (offset, length), or names "
     "another first key or digest than the member's; or a compressed index has no `.idx`"},
    {"E-CDXJ-PARSE", "index line", "not `<key> <timestamp> <json>`"},
    {"E-CDXJ-ORDER", "index line", "lines not sorted bytewise"},
    {"E-CDXJ-OFFSET", "index line", "offset/length do not frame a record of the WARC the line names"},
    {"E-CDXJ-URL", "index line", "url differs from the record's WARC-Target-URI"},
    {"E-CDXJ-DIGEST", "index line", "digest differs from the record's WARC-Payload-Digest"},
    {"E-PAGES", "pages/*.jsonl",
     "`pages/pages.jsonl` missing, a header without `format`/`id`, or a page without "
     "`url`/`ts`"},
    {"E-MANIFEST-MISSING", "WARC", "its warcinfo says rotproof wrote it, but there is no rotproof manifest record"},
    {"E-MANIFEST-JSON", "manifest", "not the expected JSON; spans malformed, overlapping or out of range"},
    {"E-MANIFEST-RECORD", "manifest",
     "a record the manifest names is not in the WARC (an asset's response or resource record; in a package, a "
     "revisit of one), or its article "
     "record is not a `urn:rotproof:` record of at most 64 MiB (the rewrite check reads those whole)"},
    {"E-MANIFEST-DIGEST", "manifest", "a record's content does not match the manifest's digest or size"},
    {"E-LOCAL-PATH", "manifest reference",
     "unsafe local path (the name policy restore applies: hidden, over 255 bytes, not UTF-8, `/\\<>:\"\\|?*` or "
     "control characters, Windows device names), one path for two different payloads, or two paths that are one "
     "file where case or Unicode normalization is ignored"},
    {"E-REWRITE-MISMATCH", "manifest",
     "the rewritten article is not the original with exactly the manifest's local paths spliced in"},
    {"W-MISSING-ASSET", "manifest reference",
     "the reference was dead at capture; the archive records that faithfully (an error under --require-complete)"},
};

// The registry's table as Markdown rows: "| code | where | meaning |".
inline std::string FindingCodesTable() {
  std::string out = "| code | where | meaning |\n|---|---|---|\n";
  for (const FindingCode& c : kFindingCodes)
    out += "| " + std::string(c.code) + " | " + std::string(c.where) + " | " + std::string(c.meaning) + " |\n";
  return out;
}

}  // namespace rotproof
