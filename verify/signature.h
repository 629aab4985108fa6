#pragma once
// Checks a WACZ signature in datapackage-digest.json, in either form of
// WACZ Signing 0.1.0: anonymous (ArchiveWeb.page: a P-384 key in the file,
// raw r||s) or domain identity (authsign: a DER ECDSA signature by the leaf
// of a PEM domainCert chain, with an RFC 3161 timeSignature by a PEM
// timestampCert chain).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rotproof/verify.h"

namespace rotproof {

// True when an unsigned archive is a defect: --require-signature, or a
// pinned --pubkey.
bool SignatureRequired(const VerifyOptions& options);

// OK when `path` holds a PEM public key; else InvalidInput naming the file
// (a usage error: a pinned key that cannot be read must not be ignored).
Status CheckPublicKeyFile(const std::string& path);

// Appends findings about `digest_file`'s signedData: its shape, that it
// signs `hash`, that `created` equals the datapackage's, and that the
// signature verifies: anonymous, with its public key (and, with
// options.pubkey_path, that the key is that one); domain identity, with the
// domainCert leaf's key, the leaf naming `domain`, the chain trusted at
// `created` and the timestamp trusted, over the signature, within 10
// minutes of `created` (roots: options.ca_file, else the system's). An
// absent signature is an error only under require_signature.
void CheckSignature(const nlohmann::json& digest_file, const std::string& hash, const std::string& created,
                    const VerifyOptions& options, std::vector<Finding>* findings);

}  // namespace rotproof
