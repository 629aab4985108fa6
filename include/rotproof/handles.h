#pragma once
// RAII owners for the C handles rotproof uses. Each is a unique_ptr with the
// library's own release function, so no handle outlives its scope.

#include <archive.h>
#include <curl/curl.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <cstdio>
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

struct ArchiveWriteDeleter {
  void operator()(archive* p) const { archive_write_free(p); }
};
using ArchiveWritePtr = std::unique_ptr<archive, ArchiveWriteDeleter>;

struct ArchiveReadDeleter {
  void operator()(archive* p) const { archive_read_free(p); }
};
using ArchiveReadPtr = std::unique_ptr<archive, ArchiveReadDeleter>;

struct CurlEasyDeleter {
  void operator()(CURL* p) const { curl_easy_cleanup(p); }
};
using CurlEasyPtr = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlMultiDeleter {
  void operator()(CURLM* p) const { curl_multi_cleanup(p); }
};
using CurlMultiPtr = std::unique_ptr<CURLM, CurlMultiDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* p) const { curl_slist_free_all(p); }
};
using CurlSlistPtr = std::unique_ptr<curl_slist, CurlSlistDeleter>;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace rotproof
