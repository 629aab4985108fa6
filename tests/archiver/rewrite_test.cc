#include "rotproof/rewrite.h"

#include <gtest/gtest.h>

#include "rotproof/names.h"

namespace rotproof {
namespace {

TEST(RewriteTest, SplicesReplaceOnlyTheirSpans) {
  auto out = ApplySplices("a=URL1; b=URL2;", {{{10, 14}, "assets/b.png"}, {{2, 6}, "x"}});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "a=x; b=assets/b.png;");
}

// What localize --undo applies: the inverse splices give back every byte,
// whether texts grow, shrink or vanish, in any order.
TEST(RewriteTest, InverseSplicesGiveBackTheOriginal) {
  const std::string original = "![a](http://p.test/?http://o.test/a.png) and <img src=\"x\"> end";
  std::vector<Splice> splices = {{{45, 46}, "/images/post/x-long-name.jpg"}, {{5, 40}, "a.png"}, {{0, 0}, ">"}};
  auto changed = ApplySplices(original, splices);
  ASSERT_TRUE(changed.ok());
  std::vector<Splice> inverse = InverseSplices(original, splices);
  ASSERT_EQ(inverse.size(), 3u);
  EXPECT_EQ(changed->substr(inverse[1].span.begin, inverse[1].span.end - inverse[1].span.begin), "a.png");
  auto back = ApplySplices(*changed, inverse);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, original);
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
  EXPECT_EQ(n.PathFor("http://o.com/a/%E4%B8%8B%20x.jpg?w=1", "sha256:aaaa1111bbbb", "image/jpeg"),
            "assets/\xe4\xb8\x8b_x.jpg");  // CJK kept, the space is not
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

// Issue 13's names: the type the bytes show, never hidden, within limits,
// unique where case is ignored, and always what restore accepts.
TEST(RewriteTest, AssetNamesFollowTheBytesAndTheNamePolicy) {
  AssetNamer n;
  // WeChat serves images as ".../640?wx_fmt=png": the bytes decide.
  EXPECT_EQ(n.PathFor("https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png", "sha256:01", "image/jpeg", "image/png"),
            "assets/640.png");
  // An extension naming another type is replaced; an unknown one kept.
  EXPECT_EQ(n.PathFor("http://o.test/x.jpg", "sha256:02", "image/jpeg", "image/webp"), "assets/x.webp");
  EXPECT_EQ(n.PathFor("http://o.test/show.php", "sha256:03", "text/html", "image/gif"), "assets/show.php.gif");
  EXPECT_EQ(n.PathFor("http://o.test/p.JPEG", "sha256:04", "", "image/jpeg"), "assets/p.JPEG");
  // An unwrap that ends in a host-like name, cut to the limit: never hidden.
  std::string long_name(150, 'a');
  std::string cut =
      n.PathFor("https://x.test/" + long_name + ".s3.amazonaws.com_photo.png", "sha256:05", "", "image/png");
  EXPECT_TRUE(IsSafeFileName(cut.substr(7))) << cut;
  EXPECT_LE(cut.size() - 7, 120u);
  EXPECT_TRUE(cut.ends_with("photo.png"));
  std::string dotted = n.PathFor("https://x.test/" + std::string(116, 'b') + ".s3.png", "sha256:06", "", "image/png");
  EXPECT_NE(dotted.substr(7, 1), ".") << dotted;
  // Unique where case is ignored: restore would refuse the second otherwise.
  EXPECT_EQ(n.PathFor("http://o.test/Logo.png", "sha256:aaaaaaaa11", "", "image/png"), "assets/Logo.png");
  EXPECT_EQ(n.PathFor("http://o.test/logo.PNG", "sha256:bbbbbbbb22", "", "image/png"), "assets/logo-bbbbbbbb.PNG");
  // Device names are not file names on Windows.
  EXPECT_EQ(n.PathFor("http://o.test/CON", "sha256:07", "", "image/png"), "assets/asset.png");
}

}  // namespace
}  // namespace rotproof
