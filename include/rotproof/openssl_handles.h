#pragma once
// RAII owners for OpenSSL handles: unique_ptrs with OpenSSL's own free functions.
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include <memory>

namespace rotproof {

struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

struct EcdsaSigDeleter {
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter>;

struct BioDeleter {
  void operator()(BIO* p) const { BIO_free_all(p); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct X509StackDeleter {
  void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

struct X509StoreDeleter {
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
using X509StorePtr = std::unique_ptr<X509_STORE, X509StoreDeleter>;

struct X509StoreCtxDeleter {
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, X509StoreCtxDeleter>;

struct TsRespDeleter {
  void operator()(TS_RESP* p) const { TS_RESP_free(p); }
};
using TsRespPtr = std::unique_ptr<TS_RESP, TsRespDeleter>;

struct TsVerifyCtxDeleter {
  void operator()(TS_VERIFY_CTX* p) const { TS_VERIFY_CTX_free(p); }
};
using TsVerifyCtxPtr = std::unique_ptr<TS_VERIFY_CTX, TsVerifyCtxDeleter>;

}  // namespace rotproof
