#include "rotproof/digest.h"

#include <cstring>

namespace rotproof {

namespace {

const EVP_MD* EvpOf(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha1:
      return EVP_sha1();
    case DigestAlgorithm::kSha256:
      return EVP_sha256();
    case DigestAlgorithm::kSha512:
      return EVP_sha512();
    case DigestAlgorithm::kMd5:
      return EVP_md5();
  }
  std::abort();
}

}  // namespace

const char* DigestLabel(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha1:
      return "sha1";
    case DigestAlgorithm::kSha256:
      return "sha256";
    case DigestAlgorithm::kSha512:
      return "sha512";
    case DigestAlgorithm::kMd5:
      return "md5";
  }
  std::abort();
}

size_t DigestSize(DigestAlgorithm algorithm) { return static_cast<size_t>(EVP_MD_get_size(EvpOf(algorithm))); }

Hasher::Hasher(DigestAlgorithm algorithm) : algorithm_(algorithm), ctx_(EVP_MD_CTX_new()) {
  // Allocation failure of a few hundred bytes is a bug-level condition.
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EvpOf(algorithm), nullptr) != 1) std::abort();
}

void Hasher::Update(std::string_view bytes) { Update(bytes.data(), bytes.size()); }

void Hasher::Update(const void* data, size_t size) {
  if (size != 0) EVP_DigestUpdate(ctx_.get(), data, size);
}

std::string Hasher::Finish() { return std::string(DigestLabel(algorithm_)) + ":" + ToHex(FinishRaw()); }

std::string Hasher::FinishRaw() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_.get(), md, &len);
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string Sha256Digest(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.Finish();
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string ToBase64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace rotproof
