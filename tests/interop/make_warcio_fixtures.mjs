// Writes WARC 1.1 fixtures with Webrecorder's warcio.js, as a third-party
// writer would: records created and serialized by warcio itself (digests,
// Content-Length, gzip members all its own).
//
// usage: node make_warcio_fixtures.mjs OUTDIR
import { WARCRecord, WARCSerializer } from "warcio";
import { writeFileSync } from "node:fs";

const out = process.argv[2];
const png = Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), Buffer.from("warcio fixture image")]);
const date = "2024-05-01T10:00:00Z";
const later = "2024-06-01T10:00:00Z";

function* once(bytes) {
  if (bytes.length) yield bytes;
}

async function write(name, opts) {
  const info = WARCRecord.createWARCInfo({ filename: name, warcVersion: "WARC/1.1", date },
                                         { software: "warcio.js fixture", format: "WARC File Format 1.1" });
  const response = WARCRecord.create({ url: "https://example.org/a.png", date, type: "response",
                                       warcVersion: "WARC/1.1", statusline: "HTTP/1.1 200 OK",
                                       httpHeaders: { "Content-Type": "image/png",
                                                      "Content-Length": String(png.length) } }, once(png));
  const parts = [await WARCSerializer.serialize(info, opts), await WARCSerializer.serialize(response, opts)];
  // The same payload a month later: a revisit naming its original by URI
  // and date, with the original's payload digest, as warcio's writers do.
  const digest = response.warcHeaders.headers.get("WARC-Payload-Digest");
  const revisit = WARCRecord.create({ url: "https://example.org/a.png", date: later, type: "revisit",
                                      warcVersion: "WARC/1.1", refersToUrl: "https://example.org/a.png",
                                      refersToDate: date, warcHeaders: { "WARC-Payload-Digest": digest },
                                      statusline: "HTTP/1.1 200 OK", httpHeaders: { "Content-Type": "image/png" } },
                                    once(new Uint8Array()));
  const resource = WARCRecord.create({ url: "urn:x-fixture:note", date, type: "resource", warcVersion: "WARC/1.1",
                                       warcHeaders: { "Content-Type": "text/plain" } },
                                     once(Buffer.from("a resource record\n")));
  parts.push(await WARCSerializer.serialize(revisit, opts), await WARCSerializer.serialize(resource, opts));
  writeFileSync(`${out}/${name}`, Buffer.concat(parts));
}

// warcio's defaults: gzip per record, sha256 in Base32.
await write("warcio-1.1.warc.gz", { gzip: true });
// Uncompressed, sha1 in Base32 (what Heritrix and wget label their digests with).
await write("warcio-sha1.warc", { gzip: false, digest: { algo: "sha-1", prefix: "sha1:", base32: true } });
// sha256 in Base16.
await write("warcio-sha256-hex.warc.gz", { gzip: true, digest: { algo: "sha-256", prefix: "sha256:", base32: false } });
