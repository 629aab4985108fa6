#include "background_hasher.h"

#include <gtest/gtest.h>

#include <random>

namespace rotproof {
namespace {

// The same digest as hashing inline, for more bytes than the queue holds.
TEST(BackgroundHasherTest, SameDigestAsInline) {
  std::string bytes(20 << 20, '\0');
  std::mt19937 random(3);
  for (char& c : bytes) c = static_cast<char>(random());
  for (DigestAlgorithm a : {DigestAlgorithm::kSha1, DigestAlgorithm::kSha256}) {
    BackgroundHasher background(a);
    Hasher inline_hasher(a);
    for (size_t at = 0; at < bytes.size(); at += 777777) {
      std::string_view piece = std::string_view(bytes).substr(at, 777777);
      background.Update(piece);
      inline_hasher.Update(piece);
    }
    EXPECT_EQ(background.Finish(), inline_hasher.Finish());
  }
  BackgroundHasher abandoned(DigestAlgorithm::kSha256);  // destroyed unfinished: joins, no leak
  abandoned.Update("x");
}

}  // namespace
}  // namespace rotproof
