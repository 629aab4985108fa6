#include "rotproof/resolve.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

std::vector<Candidate> Resolve(const std::string& name, const std::string& text, size_t index,
                               const std::string& base = "") {
  auto a = ParseArticle(name, text);
  EXPECT_TRUE(a.ok());
  auto refs = ScanArticle(*a, ExtractOptions()).references;
  EXPECT_LT(index, refs.size());
  ResolveOptions options;
  options.base_url = base;
  return ResolveCandidates(refs, RuleSet::Defaults(), options)[index];
}

const char kZaker[] =
    "<img data-original=\"http://zkres2.myzaker.com/a.jpg\" "
    "src=\"https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/a.jpg\">";

TEST(ResolveTest, ProxiedSrcTriesOriginThenProxy) {
  EXPECT_EQ(
      Resolve("p.html", kZaker, 1),
      (std::vector<Candidate>{{"http://zkres2.myzaker.com/a.jpg", "origin (unwrapped by rule cors-zfour)"},
                              {"https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/a.jpg", "as written"}}));
}

TEST(ResolveTest, DataOriginalFallsBackToItsProxiedTwin) {
  EXPECT_EQ(Resolve("p.html", kZaker, 0),
            (std::vector<Candidate>{
                {"http://zkres2.myzaker.com/a.jpg", "as written"},
                {"https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/a.jpg", "twin img@src as written"}}));
}

TEST(ResolveTest, TwinWithADifferentOriginComesBeforeTheProxy) {
  auto c = Resolve("p.html",
                   "<img src=\"https://cors.zfour.workers.dev/?http://a.com/small.jpg\" "
                   "data-original=\"http://a.com/big.jpg\">",
                   0);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].url, "http://a.com/small.jpg");
  EXPECT_EQ(c[1].url, "http://a.com/big.jpg");
  EXPECT_EQ(c[1].why, "twin img@data-original as written");
  EXPECT_EQ(c[2].url, "https://cors.zfour.workers.dev/?http://a.com/small.jpg");
}

TEST(ResolveTest, NestedProxiesUnwrapInnermostFirst) {
  auto c = Resolve("p.md", "![](https://cors.zfour.workers.dev/?https://images.weserv.nl/?url=o.com/x.png)\n", 0);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].url, "https://o.com/x.png");
  EXPECT_EQ(c[0].why, "origin (unwrapped by rule weserv)");
  EXPECT_EQ(c[1].url, "https://images.weserv.nl/?url=o.com/x.png");
  EXPECT_EQ(c[2].why, "as written");
}

// A capture in a web archive: its original first (found by structure, and
// kept only if it is an image), then the capture's raw bytes, then the
// capture as written.
TEST(ResolveTest, WebArchiveCaptureTriesTheOriginThenTheRawCapture) {
  auto c = Resolve("p.md", "![](https://web.archive.org/web/20200101000000im_/http://o.test/a.png)\n", 0);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].url, "http://o.test/a.png");
  EXPECT_TRUE(c[0].guessed);
  EXPECT_EQ(c[1].url, "https://web.archive.org/web/20200101000000id_/http://o.test/a.png");
  EXPECT_EQ(c[1].kind, Candidate::Kind::kMirror);
  EXPECT_EQ(c[2].url, "https://web.archive.org/web/20200101000000im_/http://o.test/a.png");
}

TEST(ResolveTest, RelativeUrlsNeedABase) {
  EXPECT_TRUE(Resolve("p.md", "![](img/a.png)\n", 0).empty());
  EXPECT_EQ(Resolve("p.md", "![](img/a.png)\n", 0, "https://blog.dev/2020/post/")[0].url,
            "https://blog.dev/2020/post/img/a.png");
}

}  // namespace
}  // namespace rotproof
