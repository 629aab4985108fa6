#include "labelled_digest.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

// sha1("") in every spelling writers use: wget and Heritrix's Base32, hex,
// Base64 padded and not, a label in capitals with a hyphen.
TEST(LabelledDigestTest, EverySpellingOfOneDigest) {
  const std::string hex = "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709";
  for (const char* text : {"sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", "sha1:3i42h3s6nnfq2msvx7xzkyayscx5qbyj",
                           "sha1:DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "sha1:2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
                           "sha1:2jmj7l5rSw0yVb_vlWAYkK_YBwk", "SHA-1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"}) {
    auto d = ParseLabelledDigest(text);
    ASSERT_TRUE(d) << text;
    EXPECT_EQ(d->Canonical(), hex) << text;
  }
  EXPECT_EQ(ParseLabelledDigest("sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ")->unusual, "");
  EXPECT_EQ(ParseLabelledDigest("sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709")->unusual, "Base16 value");
  EXPECT_EQ(ParseLabelledDigest("SHA-1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ")->unusual, "label 'SHA-1'");
  EXPECT_EQ(ParseLabelledDigest("sha1:2jmj7l5rSw0yVb/vlWAYkK/YBwk=")->unusual, "Base64 value");
}

TEST(LabelledDigestTest, Sha256Sha512AndMd5) {
  auto sha256 = ParseLabelledDigest("sha256:4OYMIQUY7QOBJGX36TEJS35ZEQT24QPEMSNZGTFESWMRW6CSXBKQ====");
  ASSERT_TRUE(sha256);
  EXPECT_EQ(sha256->Canonical(), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256->unusual, "");
  auto md5 = ParseLabelledDigest("md5:d41d8cd98f00b204e9800998ecf8427e");
  ASSERT_TRUE(md5);
  EXPECT_EQ(md5->algorithm, DigestAlgorithm::kMd5);
  auto sha512 = ParseLabelledDigest(
      "sha512:z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==");
  ASSERT_TRUE(sha512);
  EXPECT_EQ(sha512->hex.substr(0, 8), "cf83e135");
}

TEST(LabelledDigestTest, UnknownAlgorithmsAndBadValues) {
  auto unknown = ParseLabelledDigest("blake3:af1349b9f5f9a1a6a0404dea36dcc949");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->algorithm);
  EXPECT_EQ(unknown->label, "blake3");
  auto bad = ParseLabelledDigest("sha1:not-a-digest");
  ASSERT_TRUE(bad);
  EXPECT_TRUE(bad->algorithm);
  EXPECT_EQ(bad->hex, "");
  EXPECT_FALSE(ParseLabelledDigest("3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"));             // no label
  EXPECT_EQ(ParseLabelledDigest("sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBY1")->hex, "");  // '1' is not Base32
}

}  // namespace
}  // namespace rotproof
