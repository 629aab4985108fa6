#include "chunked.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

std::string EntityDigest(std::string_view chunked, size_t piece) {
  ChunkedDecoder d(DigestAlgorithm::kSha256);
  for (size_t at = 0; at < chunked.size(); at += piece) d.Feed(chunked.substr(at, piece));
  return d.Finish();
}

// RFC 9112 §7.1: sizes in hex with extensions, a last chunk, trailer
// fields; fed in pieces of any size.
TEST(ChunkedDecoderTest, UndoesTheCodingWhateverThePieces) {
  const std::string chunked = "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: y\r\n\r\n";
  const std::string want = Sha256Digest("hello, world");
  for (size_t piece : {1, 2, 5, 64}) EXPECT_EQ(EntityDigest(chunked, piece), want) << piece;
  EXPECT_EQ(EntityDigest("0\r\n\r\n", 3), Sha256Digest(""));
}

TEST(ChunkedDecoderTest, AnythingElseIsNotChunked) {
  for (const char* bad : {"hello", "5\r\nhello\r\n", "5\r\nhelloXX0\r\n\r\n", "z\r\n\r\n",
                          "5\r\nhello\r\n0\r\n\r\ntrailing", "fffffffffffffffff\r\n"})
    EXPECT_EQ(EntityDigest(bad, 4), "") << bad;
}

}  // namespace
}  // namespace rotproof
