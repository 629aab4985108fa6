#!/usr/bin/env bash
# WACZ packages signed in WACZ Signing 0.1.0's domain-identity form, as
# authsign signs them (py-wacz --signing-url, Browsertrix, Scoop): a DER
# ECDSA P-256 signature over the datapackage hash string by the leaf of a
# PEM domainCert chain, and an RFC 3161 timeSignature over that signature
# by a time-stamp authority's PEM chain. The PKI (a root, the domain's
# certificate, a TSA) and the time-stamp are made on the spot with the
# openssl command line; tests/fixtures/signed/root.pem is the root to trust.
# Usage: scripts/make-signed-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,9p' "$0"; exit 0 ;; esac
out=tests/fixtures/signed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"
cert() {  # cert NAME SUBJECT EXTENSIONS: a P-256 key and a certificate the root signs
  openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  printf '%b' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA root.pem -CAkey root.key -CAcreateserial -days 36500 -out "$1.pem" \
    -extfile "$1.ext" 2>/dev/null
}
openssl ecparam -name prime256v1 -genkey -noout -out root.key
openssl req -x509 -new -key root.key -subj "/CN=rotproof fixture root" -days 36500 -out root.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
cert domain "/CN=archive.example" "subjectAltName=DNS:archive.example\nkeyUsage=critical,digitalSignature\n"
cert tsa "/CN=rotproof fixture TSA" "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n"
printf '01\n' >tsaserial
cat >ts.cnf <<'CNF'
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
serial = ./tsaserial
default_policy = 1.2.3.4.1
digests = sha256
signer_digest = sha256
accuracy = secs:1
ess_cert_id_alg = sha256
CNF
python3 - "$OLDPWD/$out" <<'PY'
import base64, datetime, hashlib, json, subprocess, sys, zipfile
out = sys.argv[1]
warc = open(f"{out}/../interop/warcio-1.1.warc.gz", "rb").read()
files = {"archive/data.warc.gz": warc,
         "indexes/index.cdxj": b"",
         "pages/pages.jsonl": b'{"format": "json-pages-1.0", "id": "pages"}\n'}
def run(*args, data=None):
    return subprocess.run(args, input=data, check=True, capture_output=True).stdout
def package(name, domain="archive.example", tamper=False):
    created = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    dp = json.dumps({"profile": "data-package", "wacz_version": "1.1.1", "created": created, "software": "fixture",
                     "resources": [{"name": n.rsplit("/", 1)[1], "path": n, "hash": "sha256:" + hashlib.sha256(d).hexdigest(),
                                    "bytes": len(d)} for n, d in files.items()]}, indent=2).encode()
    digest = "sha256:" + hashlib.sha256(dp).hexdigest()
    open("hash.txt", "w").write(digest)
    signature = base64.b64encode(run("openssl", "dgst", "-sha256", "-sign", "domain.key", "hash.txt")).decode()
    open("sig.txt", "w").write(signature)
    run("openssl", "ts", "-query", "-data", "sig.txt", "-sha256", "-cert", "-no_nonce", "-out", "req.tsq")
    run("openssl", "ts", "-reply", "-config", "ts.cnf", "-queryfile", "req.tsq", "-signer", "tsa.pem",
        "-inkey", "tsa.key", "-out", "resp.tsr")
    if tamper:  # another signature than the one stamped: the stamp no longer covers it
        signature = base64.b64encode(run("openssl", "dgst", "-sha256", "-sign", "domain.key", "sig.txt")).decode()
    chain = lambda leaf: open(leaf).read() + open("root.pem").read()
    signed = {"hash": digest, "created": created, "software": "fixture", "version": "0.1.0", "signature": signature,
              "domain": domain, "domainCert": chain("domain.pem"),
              "timeSignature": base64.b64encode(open("resp.tsr", "rb").read()).decode(),
              "timestampCert": chain("tsa.pem")}
    with zipfile.ZipFile(f"{out}/{name}", "w") as z:
        for n, d in files.items():
            z.writestr(zipfile.ZipInfo(n, (2026, 12, 7, 0, 0, 0)), d)
        z.writestr("datapackage.json", dp)
        z.writestr("datapackage-digest.json", json.dumps({"path": "datapackage.json", "hash": digest, "signedData": signed}))
package("domain-signed.wacz")
package("domain-signed-other-domain.wacz", domain="other.example")
package("domain-signed-unstamped-signature.wacz", tamper=True)
PY
cp root.pem "$OLDPWD/$out/root.pem"
ls -l "$OLDPWD/$out"
