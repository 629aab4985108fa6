#include "signature.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

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

// --- The domain-identity form (authsign) ------------------------------------

// authsign's bound: the timestamp within ten minutes of `created`.
constexpr long kMaxStampSkewSeconds = 10 * 60;

// "YYYY-MM-DDThh:mm:ss[.f]Z" as Unix seconds; nullopt otherwise.
std::optional<time_t> ParseUtc(const std::string& text) {
  struct tm tm {};
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                      &tm.tm_min, &tm.tm_sec);
  size_t end = text.size() < 20 ? std::string::npos : text.find_first_not_of("0123456789.", 19);
  if (n != 6 || end == std::string::npos || text[end] != 'Z') return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

X509StackPtr ReadChain(const std::string& pem) {
  X509StackPtr chain(sk_X509_new_null());
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) sk_X509_push(chain.get(), cert);
  ERR_clear_error();  // the end of the PEM text reads as an error
  return chain;
}

// The roots trusted (--ca-file, else the system's), as of `at`.
X509StorePtr TrustStore(const VerifyOptions& options, time_t at) {
  X509StorePtr store(X509_STORE_new());
  if (options.ca_file.empty())
    X509_STORE_set_default_paths(store.get());
  else
    X509_STORE_load_file(store.get(), options.ca_file.c_str());
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), at);
  return store;
}

// Why `chain`'s first certificate does not chain to `store`'s roots, or "".
std::string ChainProblem(X509_STORE* store, STACK_OF(X509) * chain) {
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!X509_STORE_CTX_init(ctx.get(), store, sk_X509_value(chain, 0), chain)) return "cannot check the chain";
  if (X509_verify_cert(ctx.get()) == 1) return "";
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
}

std::string OpenSslError() {
  char text[256] = "unknown reason";
  if (unsigned long e = ERR_get_error(); e != 0) ERR_error_string_n(e, text, sizeof text);
  ERR_clear_error();
  return text;
}

// RFC 3161: `time_signature` (a base64 TimeStampResp) stamps the bytes of
// `signature` (its base64 text, as authsign requests it), signed by a TSA
// certificate that chains to a trusted root at the stamp's time. Returns
// that time, or a finding's message.
std::variant<time_t, std::string> CheckTimestamp(const std::string& time_signature, const std::string& signature,
                                                 const std::string& timestamp_cert, const VerifyOptions& options) {
  auto der = Unbase64(time_signature);
  if (!der) return std::string("timeSignature is not base64");
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der->data());
  TsRespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der->size())));
  TS_TST_INFO* info = resp ? TS_RESP_get_tst_info(resp.get()) : nullptr;
  struct tm tm {};
  if (info == nullptr || !ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &tm))
    return std::string("timeSignature is not an RFC 3161 time-stamp response");
  time_t stamped = timegm(&tm);
  TsVerifyCtxPtr ctx(TS_VERIFY_CTX_new());
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA);
  // The context owns what it is given.
  TS_VERIFY_CTX_set_store(ctx.get(), TrustStore(options, stamped).release());
  TS_VERIFY_CTX_set_certs(ctx.get(), ReadChain(timestamp_cert).release());
  TS_VERIFY_CTX_set_data(ctx.get(), BIO_new_mem_buf(signature.data(), static_cast<int>(signature.size())));
  if (TS_RESP_verify_response(ctx.get(), resp.get()) != 1)
    return "timeSignature does not verify over the signature with timestampCert's trusted chain: " + OpenSslError();
  return stamped;
}

void CheckDomainSignature(const nlohmann::json& sd, const std::string& hash, const VerifyOptions& options,
                          const std::function<void(const std::string&, const std::string&)>& error) {
  auto field = [&sd](const char* name) {
    return sd.contains(name) && sd[name].is_string() ? sd[name].get<std::string>() : "";
  };
  X509StackPtr chain = ReadChain(field("domainCert"));
  auto der = Unbase64(field("signature"));
  std::optional<time_t> created = ParseUtc(field("created"));
  if (sk_X509_num(chain.get()) == 0 || !der || !created) {
    error("E-SIGNATURE", "signedData needs a PEM domainCert chain, a base64 DER signature and a created time");
    return;
  }
  X509* leaf = sk_X509_value(chain.get(), 0);
  EvpPkeyPtr key(X509_get_pubkey(leaf));
  EvpMdCtxPtr md(EVP_MD_CTX_new());
  if (!key || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(der->data()), der->size(),
                       reinterpret_cast<const unsigned char*>(hash.data()), hash.size()) != 1)
    error("E-SIGNATURE", "the signature does not verify with domainCert's key");
  ERR_clear_error();
  std::string domain = field("domain");
  if (domain.empty() || X509_check_host(leaf, domain.data(), domain.size(), 0, nullptr) != 1)
    error("E-SIGNATURE-DOMAIN", "domainCert does not name the domain '" + domain + "'");
  X509StorePtr store = TrustStore(options, *created);
  if (std::string why = ChainProblem(store.get(), chain.get()); !why.empty())
    error("E-SIGNATURE-CHAIN",
          "domainCert does not chain to a trusted root at created " + field("created") + ": " + why);
  auto stamped = CheckTimestamp(field("timeSignature"), field("signature"), field("timestampCert"), options);
  if (const std::string* why = std::get_if<std::string>(&stamped)) {
    error("E-SIGNATURE-TIMESTAMP", *why);
  } else if (std::labs(static_cast<long>(std::get<time_t>(stamped) - *created)) > kMaxStampSkewSeconds) {
    error("E-SIGNATURE-TIMESTAMP", "the timestamp is more than 10 minutes from created " + field("created"));
  }
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
  if (sd.is_object() && sd.contains("domainCert")) {
    if (!options.pubkey_path.empty()) error("E-SIGNATURE-KEY", "signed by a domain certificate, not a pinned key");
    CheckDomainSignature(sd, field("hash"), options, error);
    return;
  }
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
