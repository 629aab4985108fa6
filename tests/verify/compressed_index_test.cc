#include "compressed_index.h"

#include <gtest/gtest.h>

#include "gzip.h"

namespace rotproof {
namespace {

struct Read {
  std::vector<std::string> lines;
  std::vector<IndexBlock> blocks;
  std::vector<ReadIssue> issues;
};

Read ReadIndex(std::string_view gz, size_t piece) {
  Read r;
  CompressedIndexReader reader(
      64, [&](std::string_view line, bool) { r.lines.emplace_back(line); },
      [&](const IndexBlock& b) { r.blocks.push_back(b); }, &r.issues);
  for (size_t at = 0; at < gz.size(); at += piece) reader.Feed(gz.substr(at, piece));
  reader.Finish();
  return r;
}

// Members of CDXJ lines: every line, and each member's place, first key
// and digest, whatever the pieces.
TEST(CompressedIndexTest, LinesAndMembers) {
  std::string one = testing::Gzip("a,x)/ 2024 {\"url\":\"1\"}\nb,x)/ 2024 {\"url\":\"2\"}\n");
  std::string two = testing::Gzip("c,x)/ 2025 {\"url\":\"3\"}\n");
  for (size_t piece : {size_t{1}, size_t{9}, size_t{4096}}) {
    Read r = ReadIndex(one + two, piece);
    EXPECT_EQ(r.lines.size(), 3u);
    ASSERT_EQ(r.blocks.size(), 2u) << piece;
    EXPECT_EQ(r.blocks[0].offset, 0u);
    EXPECT_EQ(r.blocks[0].length, one.size());
    EXPECT_EQ(r.blocks[0].first_key, "a,x)/ 2024");
    EXPECT_EQ(r.blocks[1].offset, one.size());
    EXPECT_EQ(r.blocks[1].first_key, "c,x)/ 2025");
    EXPECT_EQ(r.blocks[1].sha256, Sha256Digest(two));
    EXPECT_TRUE(r.issues.empty());
  }
  Read cut = ReadIndex(one + two.substr(0, two.size() - 3), 7);
  ASSERT_EQ(cut.issues.size(), 1u);
  EXPECT_EQ(cut.issues[0].code, "E-INDEX-GZIP");
  EXPECT_EQ(cut.issues[0].offset, one.size());
  EXPECT_EQ(ReadIndex("not gzip at all", 4).issues.size(), 1u);
}

TEST(CompressedIndexTest, IdxLines) {
  auto meta = ParseIdxLine("!meta 0 {\"format\":\"cdxj-gzip-1.0\",\"filename\":\"index.cdx.gz\"}");
  ASSERT_TRUE(meta);
  EXPECT_TRUE(meta->meta);
  EXPECT_EQ(meta->filename, "index.cdx.gz");
  auto line = ParseIdxLine("com,example)/ 20200101000000 {\"offset\":\"12\",\"length\":34,\"digest\":\"sha256:ab\"}");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->key, "com,example)/ 20200101000000");
  EXPECT_EQ(line->offset, 12u);
  EXPECT_EQ(line->length, 34u);
  EXPECT_EQ(line->digest, "sha256:ab");
  EXPECT_FALSE(ParseIdxLine("com,example)/ 2020 {\"offset\":1}"));
  EXPECT_FALSE(ParseIdxLine("{\"offset\":1,\"length\":2}"));
}

}  // namespace
}  // namespace rotproof
