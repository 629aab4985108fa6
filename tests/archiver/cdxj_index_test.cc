#include "rotproof/cdxj_index.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compressed_index.h"
#include "run.h"

namespace rotproof {
namespace {

TEST(CdxjIndexTest, SurtKeys) {
  EXPECT_EQ(SurtKey("http://zkres2.myzaker.com/202208/A.jpg"), "com,myzaker,zkres2)/202208/a.jpg");
  EXPECT_EQ(SurtKey("https://www.example.org/"), "org,example)/");
  EXPECT_EQ(SurtKey("https://example.org"), "org,example)/");
  EXPECT_EQ(SurtKey("http://example.org:8080/x?B=1"), "org,example:8080)/x?b=1");
  EXPECT_EQ(SurtKey("http://example.org:80/x"), "org,example)/x");
  EXPECT_EQ(SurtKey("urn:rotproof:original:x"), "urn:rotproof:original:x");
}

TEST(CdxjIndexTest, LineOfAnEntry) {
  EXPECT_EQ(IndexLineOf({"http://img.test/A.png", "20220830000000", "image/png", 200, "sha256:ab", 10, 20}),
            "test,img)/a.png 20220830000000 {\"url\":\"http://img.test/A.png\",\"mime\":\"image/png\",\"status\":200,"
            "\"digest\":\"sha256:ab\",\"length\":20,\"offset\":10,\"filename\":\"data.warc.gz\"}");
}

std::string Text(const SpillBuffer& buffer) {
  std::string out;
  EXPECT_TRUE(buffer
                  .ReadBack([&](const char* d, size_t n) {
                    out.append(d, n);
                    return true;
                  })
                  .ok());
  return out;
}

std::string LineNumber(int n) {
  return "a,x)/" + std::to_string(100 + n) + " 2024 {\"url\":\"" + std::to_string(n) + "\"}";
}

TEST(CdxjIndexTest, UpToOneBlockStaysPlain) {
  CdxjIndex index(testing::FreshDir("cdxj-plain"), 3);
  for (int n = 0; n < 3; ++n) ASSERT_TRUE(index.Add(LineNumber(n)).ok());
  ASSERT_TRUE(index.Finish().ok());
  EXPECT_FALSE(index.compressed());
  EXPECT_EQ(Text(index.data()), LineNumber(0) + "\n" + LineNumber(1) + "\n" + LineNumber(2) + "\n");
  EXPECT_EQ(index.idx(), "");
}

// Past one block: gzip members of `block_lines` lines, each located by an
// .idx line the verifier's reader agrees with.
TEST(CdxjIndexTest, PastOneBlockIsCompressedAndEveryBlockLocated) {
  CdxjIndex index(testing::FreshDir("cdxj-compressed"), 3);
  for (int n = 0; n < 7; ++n) ASSERT_TRUE(index.Add(LineNumber(n)).ok());
  ASSERT_TRUE(index.Finish().ok());
  ASSERT_TRUE(index.compressed());
  std::vector<std::string> lines;
  std::vector<IndexBlock> blocks;
  std::vector<ReadIssue> issues;
  CompressedIndexReader reader(
      1024, [&](std::string_view line, bool) { lines.emplace_back(line); },
      [&](const IndexBlock& b) { blocks.push_back(b); }, &issues);
  reader.Feed(Text(index.data()));
  reader.Finish();
  EXPECT_TRUE(issues.empty());
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[6], LineNumber(6));
  ASSERT_EQ(blocks.size(), 3u);  // 3 + 3 + 1

  std::vector<IdxLine> idx;
  size_t start = 0;
  for (size_t end; (end = index.idx().find('\n', start)) != std::string::npos; start = end + 1) {
    auto line = ParseIdxLine(std::string_view(index.idx()).substr(start, end - start));
    ASSERT_TRUE(line);
    idx.push_back(*line);
  }
  ASSERT_EQ(idx.size(), 4u);
  EXPECT_TRUE(idx[0].meta);
  EXPECT_EQ(idx[0].filename, "index.cdx.gz");
  for (size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_EQ(idx[i + 1].key, blocks[i].first_key);
    EXPECT_EQ(idx[i + 1].offset, blocks[i].offset);
    EXPECT_EQ(idx[i + 1].length, blocks[i].length);
    EXPECT_EQ(idx[i + 1].digest, blocks[i].sha256);
  }
  EXPECT_EQ(idx[3].key, "a,x)/106 2024");
}

}  // namespace
}  // namespace rotproof
