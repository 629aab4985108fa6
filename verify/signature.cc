#include "signature.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "rotproof/file_handle.h"
#include "rotproof/openssl_handles.h"
#include "rotproof/warc_format.h"

namespace rotproof {
namespace {

constexpr size_t kRawSignatureBytes = 96;  // P-384 r‖s

// Decodes standard base64; nullopt when malformed. EVP_DecodeBlock counts
// padding as data, so at most two '=' may end the text, after a data byte.
std::optional<std::string> Unbase64(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  size_t data_end = text.find_last_not_of('=');
  if (data_end == std::string::npos || text.size() - data_end - 1 > 2) return std::nullopt;
  size_t padding = text.size() - data_end - 1;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0 || static_cast<size_t>(n) < padding) return std::nullopt;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

std::string SpkiDer(EVP_PKEY* key) {
  int len = i2d_PUBKEY(key, nullptr);
  std::string der(static_cast<size_t>(std::max(len, 0)), '\0');
  unsigned char* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_PUBKEY(key, &p);
  return der;
}

bool Verifies(EVP_PKEY* key, const std::string& raw_signature, const std::string& message) {
  EcdsaSigPtr sig(ECDSA_SIG_new());
  const auto* raw = reinterpret_cast<const unsigned char*>(raw_signature.data());
  BIGNUM* r = BN_bin2bn(raw, kRawSignatureBytes / 2, nullptr);
  BIGNUM* s = BN_bin2bn(raw + kRawSignatureBytes / 2, kRawSignatureBytes / 2, nullptr);
  ECDSA_SIG_set0(sig.get(), r, s);
  int der_len = i2d_ECDSA_SIG(sig.get(), nullptr);
  std::string der(static_cast<size_t>(std::max(der_len, 0)), '\0');
  unsigned char* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &p);
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  return EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

EvpPkeyPtr ReadPublicKey(const std::string& path) {
  FilePtr f(std::fopen(path.c_str(), "rb"));
  return EvpPkeyPtr(f ? PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr) : nullptr);
}

}  // namespace

bool SignatureRequired(const VerifyOptions& options) {
  return options.require_signature || !options.pubkey_path.empty();
}

Status CheckPublicKeyFile(const std::string& path) {
  if (!ReadPublicKey(path)) return Status::InvalidInput(path + ": cannot read a PEM public key");
  return Status::Ok();
}

void CheckSignature(const nlohmann::json& digest_file, const std::string& hash, const std::string& created,
                    const VerifyOptions& options, std::vector<Finding>* findings) {
  auto error = [findings](const std::string& code, const std::string& msg) {
    findings->push_back({code, Severity::kError, warc_format::kDatapackageDigestEntry, msg});
  };
  if (!digest_file.is_object() || !digest_file.contains("signedData") || digest_file["signedData"].is_null()) {
    if (SignatureRequired(options)) error("E-SIGNATURE-MISSING", "the archive is not signed");
    return;
  }
  const nlohmann::json& sd = digest_file["signedData"];
  auto field = [&sd](const char* name) {
    return sd.is_object() && sd.contains(name) && sd[name].is_string() ? sd[name].get<std::string>() : "";
  };
  if (field("hash") != hash) error("E-SIGNATURE-HASH", "signedData.hash is not the datapackage.json hash " + hash);
  if (field("created") != created)
    error("E-SIGNATURE-CREATED", "signedData.created differs from datapackage.json created");
  auto spki = Unbase64(field("publicKey"));
  auto raw = Unbase64(field("signature"));
  if (!spki || !raw || raw->size() != kRawSignatureBytes) {
    error("E-SIGNATURE", "signedData needs a base64 publicKey and a 96-byte base64 r‖s signature");
    return;
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(spki->data());
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki->size())));
  if (!key || !EVP_PKEY_is_a(key.get(), "EC")) {
    error("E-SIGNATURE", "publicKey is not an EC SubjectPublicKeyInfo");
    return;
  }
  if (!Verifies(key.get(), *raw, field("hash")))
    error("E-SIGNATURE", "the signature does not verify with its public key");
  if (options.pubkey_path.empty()) return;
  EvpPkeyPtr expected = ReadPublicKey(options.pubkey_path);
  if (!expected) {
    error("E-SIGNATURE-KEY", options.pubkey_path + ": cannot read a PEM public key");
  } else if (SpkiDer(expected.get()) != *spki) {
    error("E-SIGNATURE-KEY", "signed with another key than " + options.pubkey_path);
  }
}

}  // namespace rotproof
