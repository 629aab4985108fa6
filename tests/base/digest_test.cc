#include "rotproof/digest.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

// FIPS 180-2's example "abc".
TEST(DigestTest, Sha256OfAbcInEveryForm) {
  EXPECT_EQ(Sha256Digest("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.Update("ab");
  h.Update("c");
  EXPECT_EQ(ToBase64(h.FinishRaw()), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

// RFC 4648 section 10's test vectors.
TEST(DigestTest, Base64MatchesRfc4648) {
  const char* const kVectors[][2] = {{"", ""},
                                     {"f", "Zg=="},
                                     {"fo", "Zm8="},
                                     {"foo", "Zm9v"},
                                     {"foob", "Zm9vYg=="},
                                     {"fooba", "Zm9vYmE="},
                                     {"foobar", "Zm9vYmFy"}};
  for (const auto& v : kVectors) EXPECT_EQ(ToBase64(v[0]), v[1]) << v[0];
  EXPECT_EQ(ToHex(std::string("\x00\xff", 2)), "00ff");
}

}  // namespace
}  // namespace rotproof
