#pragma once
// WACZ anonymous signing (WACZ Signing and Verification 0.1.0), the form
// ReplayWeb.page checks: ECDSA P-384 over the UTF-8 text of the
// datapackage-digest `hash` value, SHA-256, the public key as base64 SPKI
// DER and the signature as base64 raw r‖s (96 bytes).

#include <string>

#include "rotproof/status.h"

namespace rotproof {

struct Signature {
  std::string public_key;  // base64 SPKI DER
  std::string signature;   // base64 r‖s
};

// Writes a new P-384 private key to `key_path` and its public key to
// `public_path` (PEM); neither may exist yet.
Status GenerateSigningKey(const std::string& key_path, const std::string& public_path);

// Signs the UTF-8 bytes of `hash` ("sha256:<hex>") with the PEM private key
// at `key_path`. Errors: NotFound, or InvalidInput for a key that is not
// an EC P-384 private key.
Result<Signature> SignHash(const std::string& hash, const std::string& key_path);

}  // namespace rotproof
