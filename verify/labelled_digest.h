#pragma once
// The digests web archives carry ("sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
// "sha256:<hex>", "sha512:<base64>"...), read the way the writers in the
// wild wrote them.

#include <optional>
#include <string>
#include <string_view>

#include "rotproof/digest.h"

namespace rotproof {

struct LabelledDigest {
  std::optional<DigestAlgorithm> algorithm;  // nullopt: an algorithm rotproof does not compute
  std::string label;                         // as written
  std::string hex;                           // the value decoded, lowercase hex; "" when undecodable
  // Why the spelling is not the usual one ("label 'SHA-256'", "Base64
  // value"), for a warning; "" when it is.
  std::string unusual;

  // "<label>:<hex>" in canonical form, as Hasher::Finish gives it; "" when
  // the algorithm is unknown or the value undecodable.
  std::string Canonical() const;
};

// Reads "<label>:<value>". Labels: sha1, sha256, sha512, md5 in any case,
// with or without '-' ("SHA-256"). Values: Base32 (RFC 4648, any case,
// padded or not), Base16 (any case) or Base64/base64url (padded or not),
// told apart by their length for the algorithm. WARC's usual spellings are
// a lowercase label with Base32 (sha1, as wget, Heritrix and warcio write)
// or Base16/Base32 (sha256, sha512, md5); others set `unusual`. nullopt
// when `text` is not "<label>:<value>".
std::optional<LabelledDigest> ParseLabelledDigest(std::string_view text);

// Two digest fields name the same digest, whatever their spelling. An
// index may drop the label (warcio's CDXJ): the values are then compared.
bool SameDigest(const std::string& a, const std::string& b);

// `field` is a digest of no bytes at all.
bool IsEmptyBlockDigest(const std::string& field);

}  // namespace rotproof
