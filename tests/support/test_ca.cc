#include "test_ca.h"

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>

#include "rotproof/file_handle.h"
#include "rotproof/openssl_handles.h"

namespace rotproof::testing {
namespace {

EvpPkeyPtr NewKey() { return EvpPkeyPtr(EVP_EC_gen("P-256")); }

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509Ptr NewCert(const std::string& common_name, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, long serial) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert.get(), key);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  if (issuer == nullptr) {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    bool ip = common_name.find_first_not_of("0123456789.") == std::string::npos;
    AddExtension(cert.get(), signer, NID_subject_alt_name, (ip ? "IP:" : "DNS:") + common_name);
  }
  X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256());
  return cert;
}

}  // namespace

TestCa::TestCa(const std::string& pem_path) : pem_path_(pem_path), key_(NewKey()) {
  cert_ = NewCert("rotproof test CA", key_.get(), nullptr, nullptr, serial_++);
  FilePtr f(std::fopen(pem_path_.c_str(), "wb"));
  if (f) PEM_write_X509(f.get(), cert_.get());
}

const std::pair<X509Ptr, EvpPkeyPtr>& TestCa::LeafFor(const std::string& host) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = leaves_.find(host);
  if (it == leaves_.end()) {
    EvpPkeyPtr key = NewKey();
    X509Ptr cert = NewCert(host, key.get(), cert_.get(), key_.get(), serial_++);
    it = leaves_.emplace(host, std::make_pair(std::move(cert), std::move(key))).first;
  }
  return it->second;
}

int TestCa::OnServerName(SSL* ssl, int*, void* self) {
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  const auto& leaf = static_cast<TestCa*>(self)->LeafFor(name != nullptr ? name : "127.0.0.1");
  SSL_use_certificate(ssl, leaf.first.get());
  SSL_use_PrivateKey(ssl, leaf.second.get());
  return SSL_TLSEXT_ERR_OK;
}

void TestCa::Install(SSL_CTX* ctx) {
  // A default certificate for clients that send no SNI; SNI clients get theirs.
  const auto& fallback = LeafFor("127.0.0.1");
  SSL_CTX_use_certificate(ctx, fallback.first.get());
  SSL_CTX_use_PrivateKey(ctx, fallback.second.get());
  SSL_CTX_set_tlsext_servername_callback(ctx, OnServerName);
  SSL_CTX_set_tlsext_servername_arg(ctx, this);
}

}  // namespace rotproof::testing
