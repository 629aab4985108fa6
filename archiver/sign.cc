#include "rotproof/sign.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "rotproof/digest.h"
#include "rotproof/file_handle.h"
#include "rotproof/openssl_handles.h"

namespace rotproof {
namespace {

constexpr size_t kP384FieldBytes = 48;

bool IsP384(EVP_PKEY* key) {
  char group[64] = {};
  size_t len = 0;
  return EVP_PKEY_is_a(key, "EC") &&
         EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) == 1 &&
         std::string(group) == "secp384r1";
}

}  // namespace

Status GenerateSigningKey(const std::string& key_path, const std::string& public_path) {
  for (const auto& p : {key_path, public_path})
    if (std::filesystem::exists(p)) return Status::InvalidInput(p + ": already exists");
  EvpPkeyPtr key(EVP_EC_gen("P-384"));
  if (!key) return Status::IoError("cannot generate a P-384 key");
  FilePtr priv(std::fopen(key_path.c_str(), "wb"));
  if (!priv) return Status::IoError(key_path + ": cannot create");
  std::filesystem::permissions(key_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  if (PEM_write_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Status::IoError(key_path + ": write failed");
  FilePtr pub(std::fopen(public_path.c_str(), "wb"));
  if (!pub || PEM_write_PUBKEY(pub.get(), key.get()) != 1) return Status::IoError(public_path + ": write failed");
  return Status::Ok();
}

Result<Signature> SignHash(const std::string& hash, const std::string& key_path) {
  FilePtr f(std::fopen(key_path.c_str(), "rb"));
  if (!f) return Status::NotFound(key_path + ": cannot open signing key");
  EvpPkeyPtr key(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr));
  if (!key || !IsP384(key.get()))
    return Status::InvalidInput(key_path + ": not an EC P-384 private key (make one with rotproof keygen)");

  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  size_t der_len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &der_len, reinterpret_cast<const unsigned char*>(hash.data()), hash.size()) !=
          1)
    return Status::InvalidInput(key_path + ": signing failed");
  std::vector<unsigned char> der(der_len);
  if (EVP_DigestSign(ctx.get(), der.data(), &der_len, reinterpret_cast<const unsigned char*>(hash.data()),
                     hash.size()) != 1)
    return Status::InvalidInput(key_path + ": signing failed");
  // OpenSSL speaks DER; WebCrypto (and so ReplayWeb.page) wants raw r‖s.
  const unsigned char* p = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)));
  if (!sig) return Status::InvalidInput(key_path + ": signature is not DER");
  unsigned char raw[2 * kP384FieldBytes];
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw, kP384FieldBytes);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw + kP384FieldBytes, kP384FieldBytes);

  int spki_len = i2d_PUBKEY(key.get(), nullptr);
  std::vector<unsigned char> spki(static_cast<size_t>(spki_len));
  unsigned char* q = spki.data();
  i2d_PUBKEY(key.get(), &q);
  auto bytes = [](const unsigned char* data, size_t size) {
    return std::string_view(reinterpret_cast<const char*>(data), size);
  };
  return Signature{ToBase64(bytes(spki.data(), spki.size())), ToBase64(bytes(raw, sizeof raw))};
}

}  // namespace rotproof
