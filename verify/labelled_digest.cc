#include "labelled_digest.h"

#include <openssl/evp.h>

#include <algorithm>

#include "rotproof/text.h"

namespace rotproof {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::optional<DigestAlgorithm> AlgorithmOf(std::string label) {
  label.erase(std::remove(label.begin(), label.end(), '-'), label.end());
  label = AsciiLower(label);
  for (DigestAlgorithm a :
       {DigestAlgorithm::kSha1, DigestAlgorithm::kSha256, DigestAlgorithm::kSha512, DigestAlgorithm::kMd5})
    if (label == DigestLabel(a)) return a;
  return std::nullopt;
}

// RFC 4648 Base32, `value` unpadded; nullopt on a character outside the
// alphabet or leftover bits that are not zero.
std::optional<std::string> DecodeBase32(std::string_view value) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : value) {
    size_t v = kBase32Alphabet.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (v == std::string_view::npos) return std::nullopt;
    bits = (bits << 5) | static_cast<uint32_t>(v);
    count += 5;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  if ((bits & ((1u << count) - 1)) != 0) return std::nullopt;
  return out;
}

std::optional<std::string> DecodeHex(std::string_view value) {
  std::string out;
  for (size_t i = 0; i + 1 < value.size(); i += 2) {
    int hi = HexDigitValue(value[i]), lo = HexDigitValue(value[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// Base64 or base64url, `value` unpadded, through OpenSSL's decoder.
std::optional<std::string> DecodeBase64(std::string_view value, size_t size) {
  std::string text(value);
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  text.append((4 - text.size() % 4) % 4, '=');
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0 || static_cast<size_t>(n) < size) return std::nullopt;
  out.resize(size);
  return out;
}

}  // namespace

std::string LabelledDigest::Canonical() const {
  if (!algorithm || hex.empty()) return "";
  return std::string(DigestLabel(*algorithm)) + ":" + hex;
}

std::optional<LabelledDigest> ParseLabelledDigest(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  LabelledDigest d;
  d.label = std::string(text.substr(0, colon));
  d.algorithm = AlgorithmOf(d.label);
  if (!d.algorithm) return d;
  if (d.label != DigestLabel(*d.algorithm)) d.unusual = "label '" + d.label + "'";
  std::string_view value = text.substr(colon + 1);
  while (!value.empty() && value.back() == '=') value.remove_suffix(1);
  size_t size = DigestSize(*d.algorithm);
  std::optional<std::string> raw;
  const char* encoding = "";
  if (value.size() == 2 * size && (raw = DecodeHex(value))) {
    encoding = "Base16";
  } else if (value.size() == (8 * size + 4) / 5 && (raw = DecodeBase32(value))) {
    encoding = "Base32";
  } else if (value.size() == (4 * size + 2) / 3 && (raw = DecodeBase64(value, size))) {
    encoding = "Base64";
  }
  if (!raw) return d;
  d.hex = ToHex(*raw);
  bool usual = std::string_view(encoding) == "Base32" ||
               (std::string_view(encoding) == "Base16" && *d.algorithm != DigestAlgorithm::kSha1);
  if (!usual) d.unusual += std::string(d.unusual.empty() ? "" : ", ") + encoding + " value";
  return d;
}

bool SameDigest(const std::string& a, const std::string& b) {
  std::optional<LabelledDigest> x = ParseLabelledDigest(a), y = ParseLabelledDigest(b);
  if (x && y && !x->Canonical().empty()) return x->Canonical() == y->Canonical();
  auto value = [](const std::string& d) { return d.substr(d.find(':') + 1); };
  if (!x || !y) return AsciiLower(value(a)) == AsciiLower(value(b));
  return a == b;
}

bool IsEmptyBlockDigest(const std::string& field) {
  std::optional<LabelledDigest> d = ParseLabelledDigest(field);
  if (!d || !d->algorithm || d->hex.empty()) return false;
  Hasher empty(*d->algorithm);
  return d->Canonical() == empty.Finish();
}

}  // namespace rotproof
