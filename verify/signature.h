#pragma once
// Checks the anonymous WACZ signature in datapackage-digest.json.

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
// signs `hash`, that `created` equals the datapackage's, that the signature
// verifies with its public key, and, with options.pubkey_path, that the key
// is that one. An absent signature is an error only under require_signature.
void CheckSignature(const nlohmann::json& digest_file, const std::string& hash, const std::string& created,
                    const VerifyOptions& options, std::vector<Finding>* findings);

}  // namespace rotproof
