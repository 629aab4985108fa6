#include "rotproof/cdxj.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

// py-wacz writes numbers as strings, ArchiveWeb.page as numbers: both read.
TEST(CdxjTest, NumbersAsJsonNumbersOrNumericStrings) {
  auto a = ParseCdxjLine(R"(com,example)/a 20220831012300 {"url":"http://example.com/a","offset":12,"length":"34"})");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->key, "com,example)/a");
  EXPECT_EQ(a->offset, 12u);
  EXPECT_EQ(a->length, 34u);
  EXPECT_EQ(a->digest, "");
  auto b = ParseCdxjLine(R"(k 20220831012300123 {"url":"u","offset":"1","length":2,"digest":"sha256:x"})");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->digest, "sha256:x");
}

// Media type and status, as pack copies them; absent or of the wrong type
// reads as unknown.
TEST(CdxjTest, MimeAndStatus) {
  auto a = ParseCdxjLine(R"(k 20220831012300 {"url":"u","offset":1,"length":2,"mime":"image/png","status":"404"})");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->mime, "image/png");
  EXPECT_EQ(a->status, 404u);
  auto b = ParseCdxjLine(R"(k 20220831012300 {"url":"u","offset":1,"length":2,"mime":[1],"status":-1})");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->mime, "");
  EXPECT_EQ(b->status, 0u);
}

TEST(CdxjTest, RefusesWhatIsNotALine) {
  for (const char* bad : {"", "k", "k 2022 {}", R"(k 20220831012300 {"url":"u","offset":1})",
                          R"(k 20220831012300 {"url":"u","offset":-1,"length":2})",
                          R"(k 20220831012300 {"url":"u","offset":"99999999999999999999","length":2})",
                          R"(k 2022083101230x {"url":"u","offset":1,"length":2})", R"( k 20220831012300 {})"})
    EXPECT_FALSE(ParseCdxjLine(bad)) << bad;
}

}  // namespace
}  // namespace rotproof
