// Reads WARC files with Webrecorder's warcio.js, the reader behind
// ReplayWeb.page, and recomputes every digest independently of rotproof.
//
// usage: node warcio_check.mjs [--signed datapackage-digest.json] FILE.warc.gz...
// Prints one line per problem and a closing "N passed, N failed" line; exits 1
// on any problem.
import { WARCParser } from "warcio";
import { createReadStream, readFileSync } from "node:fs";
import { createHash, webcrypto } from "node:crypto";

const sha256 = (bytes) => "sha256:" + createHash("sha256").update(bytes).digest("hex");
let passed = 0;
let failed = 0;
const fail = (where, what) => {
  failed++;
  console.log(`FAIL ${where}: ${what}`);
};

function httpPayload(block) {
  const end = Buffer.from(block).indexOf("\r\n\r\n");
  return end < 0 ? null : block.subarray(end + 4);
}

async function checkFile(file) {
  // Pass 1: raw blocks, digests recomputed here.
  const raw = new WARCParser(createReadStream(file), { parseHttp: false });
  for await (const record of raw) {
    const h = record.warcHeaders.headers;
    const where = `${file} ${record.warcType} ${h.get("WARC-Target-URI") || h.get("WARC-Record-ID")}`;
    const block = await record.readFully();
    const declared = Number(h.get("Content-Length"));
    if (declared !== block.length) fail(where, `Content-Length ${declared} but block has ${block.length} bytes`);
    const blockDigest = h.get("WARC-Block-Digest");
    if (blockDigest && sha256(block) !== blockDigest) fail(where, `block digest ${blockDigest} != ${sha256(block)}`);
    const payloadDigest = h.get("WARC-Payload-Digest");
    if (payloadDigest && record.warcType !== "revisit") {
      const isHttp = (h.get("Content-Type") || "").startsWith("application/http");
      const payload = isHttp ? httpPayload(block) : block;
      if (payload === null) fail(where, "no end of HTTP head");
      else if (sha256(payload) !== payloadDigest) fail(where, `payload digest ${payloadDigest} != ${sha256(payload)}`);
    }
    passed++;
  }
  // Pass 2: HTTP parsed as replay tools parse it; the raw payload must agree.
  const parsed = new WARCParser(createReadStream(file));
  for await (const record of parsed) {
    const h = record.warcHeaders.headers;
    if (!["response", "request"].includes(record.warcType)) continue;
    const where = `${file} ${record.warcType} ${h.get("WARC-Target-URI")}`;
    if (!record.httpHeaders) {
      fail(where, "warcio.js parsed no HTTP headers");
      continue;
    }
    if (record.warcType === "response") {
      const body = await record.readFully(false);
      const digest = h.get("WARC-Payload-Digest");
      if (digest && sha256(body) !== digest) fail(where, `warcio.js payload ${sha256(body)} != ${digest}`);
      if (record.httpHeaders.headers.get("Transfer-Encoding")) fail(where, "stored response is chunked");
    }
  }
}

// The anonymous WACZ signature, checked the way wabac.js does (WebCrypto).
async function checkSignature(path) {
  const digest = JSON.parse(readFileSync(path, "utf8"));
  const sd = digest.signedData;
  const key = await webcrypto.subtle.importKey(
    "spki", Buffer.from(sd.publicKey, "base64"), { name: "ECDSA", namedCurve: "P-384" }, false, ["verify"]);
  const ok = await webcrypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" }, key, Buffer.from(sd.signature, "base64"), new TextEncoder().encode(sd.hash));
  if (!ok) fail(path, "WebCrypto rejects the signature");
  else if (sd.hash !== digest.hash) fail(path, "signedData.hash differs from hash");
  else passed++;
}

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  try {
    if (args[i] === "--signed") await checkSignature(args[++i]);
    else await checkFile(args[i]);
  } catch (e) {
    fail(args[i], `warcio.js could not read it: ${e.message}`);
  }
}
console.log(`warcio.js: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
