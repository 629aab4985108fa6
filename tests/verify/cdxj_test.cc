#include "cdxj.h"

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

TEST(CdxjTest, RefusesWhatIsNotALine) {
  for (const char* bad : {"", "k", "k 2022 {}", R"(k 20220831012300 {"url":"u","offset":1})",
                          R"(k 20220831012300 {"url":"u","offset":-1,"length":2})",
                          R"(k 20220831012300 {"url":"u","offset":"99999999999999999999","length":2})",
                          R"(k 2022083101230x {"url":"u","offset":1,"length":2})", R"( k 20220831012300 {})"})
    EXPECT_FALSE(ParseCdxjLine(bad)) << bad;
}

}  // namespace
}  // namespace rotproof
