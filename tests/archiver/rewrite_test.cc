#include "rotproof/rewrite.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(RewriteTest, SplicesReplaceOnlyTheirSpans) {
  auto out = ApplySplices("a=URL1; b=URL2;", {{{10, 14}, "assets/b.png"}, {{2, 6}, "x"}});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "a=x; b=assets/b.png;");
}

TEST(RewriteTest, OverlappingOrOutOfRangeSplicesAreRejected) {
  EXPECT_FALSE(ApplySplices("abcdef", {{{1, 4}, "x"}, {{3, 5}, "y"}}).ok());
  EXPECT_FALSE(ApplySplices("abc", {{{2, 9}, "x"}}).ok());
  auto err = ApplySplices("abc", {{{3, 2}, "x"}});
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.status().message(), "splice [3, 2) overlaps another or leaves the text");
}

TEST(RewriteTest, AssetNamesAreSafeDeterministicAndUnique) {
  AssetNamer n;
  EXPECT_EQ(n.PathFor("http://o.com/a/%E4%B8%8B%20x.jpg?w=1", "sha256:aaaa1111bbbb", "image/jpeg"), "assets/____x.jpg");
  EXPECT_EQ(n.PathFor("http://o.com/b/img.png", "sha256:1111222233334444", "image/png"), "assets/img.png");
  // Same name, same payload: one file.
  EXPECT_EQ(n.PathFor("http://p.com/img.png", "sha256:1111222233334444", "image/png"), "assets/img.png");
  // Same name, other payload: a short digest keeps them apart.
  EXPECT_EQ(n.PathFor("http://q.com/img.png", "sha256:99998888777766665555", "image/png"), "assets/img-99998888.png");
  // No usable basename or extension: from the content type.
  EXPECT_EQ(n.PathFor("http://img.pmcaff.com/abc-picture", "sha256:00", "image/webp"), "assets/abc-picture.webp");
  EXPECT_EQ(n.PathFor("http://o.com/", "sha256:00", "image/gif"), "assets/asset.gif");
  EXPECT_EQ(n.PathFor("http://o.com/..%2F..%2Fetc%2Fpasswd", "sha256:00", ""), "assets/_._etc_passwd");
}

}  // namespace
}  // namespace rotproof
