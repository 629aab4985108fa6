#include "rotproof/structure.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

std::string First(std::string_view url) {
  std::vector<EmbeddedOrigin> found = FindEmbeddedOrigins(url);
  return found.empty() ? "" : found[0].url;
}

TEST(StructureTest, AbsoluteUrlInAQueryParameter) {
  // Raw, percent-encoded once (Next.js's image optimizer) and twice.
  EXPECT_EQ(First("https://x.test/gadgets/proxy?container=focus&url=https://o.test/a.jpg"), "https://o.test/a.jpg");
  EXPECT_EQ(First("https://x.test/_next/image?url=https%3A%2F%2Fo.test%2Fa.png%3Fv%3D1&w=64&q=75"),
            "https://o.test/a.png?v=1");
  EXPECT_EQ(First("https://x.test/p?u=https%253A%252F%252Fo.test%252Fa.png"), "https://o.test/a.png");
  EXPECT_EQ(FindEmbeddedOrigins("https://x.test/p?u=https://o.test/a.png")[0].detector, "query parameter 'u'");
  EXPECT_EQ(First("https://x.test/p?src=//o.test/a.png"), "https://o.test/a.png");
}

TEST(StructureTest, AbsoluteUrlInThePathAfterOptionSegments) {
  EXPECT_EQ(First("https://res.x.test/demo/image/fetch/w_300,h_300,c_fill/https://o.test/a.png"),
            "https://o.test/a.png");
  EXPECT_EQ(First("https://x.test/fetch/https:/o.test/dir/a.jpg"), "https://o.test/dir/a.jpg");  // collapsed
  EXPECT_EQ(First("https://x.test/p/https%3A%2F%2Fo.test%2Fa.jpg"), "https://o.test/a.jpg");
  // The inner URL keeps its own query.
  EXPECT_EQ(First("https://x.test/0x0/https://o.test/a.jpeg?auto=compress&w=1260"),
            "https://o.test/a.jpeg?auto=compress&w=1260");
}

// imgproxy's documented form: the source URL base64url-encoded, possibly
// split by slashes, with an extension for the output format.
TEST(StructureTest, Base64InThePathOrAParameter) {
  EXPECT_EQ(First("https://imgproxy.x.test/sig/rs:fill:300:400:0/g:sm/"
                  "aHR0cDovL2V4YW1wbGUuY29tL2ltYWdlcy9jdXJpb3NpdHkuanBn.png"),
            "http://example.com/images/curiosity.jpg");
  EXPECT_EQ(First("https://imgproxy.x.test/sig/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/"
                  "cy9jdXJpb3NpdHku/anBn.png"),
            "http://example.com/images/curiosity.jpg");
  EXPECT_EQ(First("https://x.test/i?b=aHR0cHM6Ly9vLnRlc3QvYS5wbmc"), "https://o.test/a.png");  // unpadded
}

TEST(StructureTest, ImagePathsResolveOnTheProxysHostOrAsHttpsThenHttp) {
  EXPECT_EQ(First("https://blog.test/_next/image?url=%2Fimages%2Fhero.png&w=1080"),
            "https://blog.test/images/hero.png");
  std::vector<EmbeddedOrigin> found = FindEmbeddedOrigins("https://r.test/?src=img.o.test/photos/a.jpg&w=200");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].url, "https://img.o.test/photos/a.jpg");
  EXPECT_EQ(found[1].url, "http://img.o.test/photos/a.jpg");
  // Not an image path: not guessed.
  EXPECT_EQ(First("https://r.test/?path=/docs/intro"), "");
}

// jsDelivr's route on a mirror host no rule names: the version makes it
// unmistakable.
// A link's target names a picture by its own path or by an origin it
// carries; a page, or a page's screenshot service, does not.
TEST(StructureTest, NamesPictureDirectlyOrThroughWhatItCarries) {
  EXPECT_TRUE(NamesPicture("https://o.test/large.JPG?x=1"));
  EXPECT_TRUE(NamesPicture("https://imageproxy.pimg.tw/resize?url=https://i0.wp.com/i.loli.net/2019/09/16/W.png"));
  EXPECT_FALSE(NamesPicture("https://o.test/post.html"));
  EXPECT_FALSE(NamesPicture("https://image.thum.io/get/width/1400/https://powersense-af.vercel.app/"));
  EXPECT_FALSE(NamesPicture("https://o.test/go?url=https://o.test/page"));
}

TEST(StructureTest, GithubRouteOnAnyMirror) {
  std::vector<EmbeddedOrigin> found = FindEmbeddedOrigins("https://cdn.jsdmirror.test/gh/u/r@main/img/a.png");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].url, "https://raw.githubusercontent.com/u/r/main/img/a.png");
  EXPECT_EQ(found[0].detector, "a jsDelivr GitHub route");
  EXPECT_EQ(First("https://cdn.mirror.test/gh/u/r/img/a.png"), "");  // no version: could be anything
  EXPECT_EQ(GithubRouteOrigin("u/r@v1.0/a.png"), "https://raw.githubusercontent.com/u/r/v1.0/a.png");
  EXPECT_EQ(GithubRouteOrigin("u/r"), std::nullopt);
  EXPECT_EQ(GithubRouteOrigin("../r@x/a.png"), std::nullopt);
  EXPECT_EQ(GithubBlobOrigin("/u/r/tree/main/a.png"), std::nullopt);
}

// The Wayback Machine's documented capture forms: flags replaced by id_
// (the raw bytes), the captured URL and its query kept.
TEST(StructureTest, WebArchiveCapturesAsRawBytes) {
  EXPECT_EQ(RawCaptureUrl("https://web.archive.org/web/20200101000000im_/http://o.test/a.png?x=1"),
            "https://web.archive.org/web/20200101000000id_/http://o.test/a.png?x=1");
  EXPECT_EQ(RawCaptureUrl("https://web.archive.org/web/2020/https://o.test/a.png"),
            "https://web.archive.org/web/2020id_/https://o.test/a.png");
  EXPECT_EQ(RawCaptureUrl("https://web.archive.org/web/20200101000000id_/http://o.test/a.png"), std::nullopt);
  EXPECT_EQ(RawCaptureUrl("https://o.test/web/images/a.png"), std::nullopt);
  EXPECT_EQ(RawCaptureUrl("https://o.test/a.png"), std::nullopt);
}

TEST(StructureTest, LookAlikesAreNotGuessed) {
  // Navigation and tracking parameters.
  EXPECT_EQ(First("https://cdn.test/a.png?ref=https://news.test/item/1.png"), "");
  EXPECT_EQ(First("https://cdn.test/a.png?utm_source=https://news.test/x.png"), "");
  EXPECT_EQ(First("https://g.test/imgres?imgrefurl=https://blog.test/post.html&imgurl=https://o.test/a.jpg"),
            "https://o.test/a.jpg");
  // Targets that are pages.
  EXPECT_EQ(First("https://share.test/?url=https://blog.test/2022/post.html"), "");
  EXPECT_EQ(First("https://share.test/?url=https://blog.test/2022/post/"), "");
  // Hashes and ids in image-host paths.
  EXPECT_EQ(First("https://i.imgur.test/aBcDeFgHiJkLmNoPqRsT.png"), "");
  EXPECT_EQ(First("https://cdn.test/DQmWrWcBFo8FjvQubzbkexQRvGuBeDzETjAdSqdQavWiRsd/feedly.PNG"), "");
  EXPECT_EQ(First("https://o.test/a.png"), "");
  EXPECT_EQ(First("not a url"), "");
}

}  // namespace
}  // namespace rotproof
