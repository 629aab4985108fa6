#include "plan.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

Article WithDate(const std::string& date) {
  auto a = ParseArticle("p.md", "---\ndate: " + date + "\n---\nbody\n");
  EXPECT_TRUE(a.ok());
  return *a;
}

TEST(PlanTest, ArticleTimestampFromItsDate) {
  EXPECT_EQ(ArticleTimestamp(WithDate("2022-08-31 10:00:00"), 0), "20220831100000");
  EXPECT_EQ(ArticleTimestamp(WithDate("2022-08-31"), 0), "20220831000000");
  EXPECT_EQ(ArticleTimestamp(WithDate("Wed, 31 Aug 2022 01:23:00 GMT"), 0), "20220831012300");
  EXPECT_EQ(ArticleTimestamp(WithDate("someday"), 86400), "19700102000000");  // the fallback
  EXPECT_EQ(ArticleTimestamp(*ParseArticle("p.md", "body\n"), 0), "19700101000000");
}

TEST(PlanTest, MirrorTemplatesGetTheOriginAndTimestamp) {
  auto m = MirrorCandidates("http://o.test/a.png", "20220831000000",
                            {"https://web.archive.org/web/{timestamp}im_/{url}", "https://m.test/{url}?{url}"});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].url, "https://web.archive.org/web/20220831000000im_/http://o.test/a.png");
  EXPECT_EQ(m[1].url, "https://m.test/http://o.test/a.png?http://o.test/a.png");
  EXPECT_EQ(m[0].kind, Candidate::Kind::kMirror);
}

TEST(PlanTest, ReferencesGetResolvedCandidatesThenMirrors) {
  ArchiveOptions options;
  options.mirrors = {"https://m.test/{url}"};
  ArticleJob job;
  job.article = *ParseArticle("p.md", "![](https://images.weserv.nl/?url=http://o.test/a.png)\n");
  PlanReferences(job, options);
  ASSERT_TRUE(job.error.ok());
  ASSERT_EQ(job.states.size(), 1u);
  const auto& c = job.states[0].candidates;
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].url, "http://o.test/a.png");
  EXPECT_EQ(c[1].url, "https://images.weserv.nl/?url=http://o.test/a.png");
  EXPECT_EQ(c[2].url, "https://m.test/http://o.test/a.png");  // of the best candidate
}

Exchange Stylesheet(const std::string& url, const std::string& css) {
  Exchange x;
  x.url = url;
  x.content_type = "text/css";
  x.response_head = "HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n\r\n";
  x.body = css;
  return x;
}

// A stylesheet's url()s resolve against the stylesheet and through the
// same rules as the article's references.
TEST(PlanTest, StylesheetAssetsGoThroughTheSameResolution) {
  ArchiveOptions options;
  ArticleJob job;
  job.article = *ParseArticle("p.html", "<link rel=stylesheet href=\"http://b.test/css/s.css\">\n");
  PlanReferences(job, options);
  Exchange css = Stylesheet("http://b.test/css/s.css",
                            "a{background:url(bg.png)} b{background:url('https://images.weserv.nl/?url=o.test/x.png')}"
                            " c{background:url(data:image/png;base64,AA==)}");
  ASSERT_TRUE(PlanStylesheetAssets(job, 0, css, options));
  ASSERT_EQ(job.css_assets.size(), 2u);
  EXPECT_EQ(job.css_assets[0].state.candidates[0].url, "http://b.test/css/bg.png");
  EXPECT_EQ(job.css_assets[0].ref.where, "css@url");
  EXPECT_EQ(job.css_assets[1].state.candidates[0].url, "https://o.test/x.png");
  EXPECT_EQ(job.css_assets[1].state.candidates[0].kind, Candidate::Kind::kOrigin);
  EXPECT_EQ(job.css_assets[1].state.candidates[1].kind, Candidate::Kind::kProxy);
  EXPECT_EQ(job.css_assets[1].state.candidates[0].why.rfind("in stylesheet http://b.test/css/s.css: ", 0), 0u);
  // Not a stylesheet: nothing planned.
  Exchange image = css;
  image.content_type = "image/png";
  image.url = "http://b.test/x.png";
  EXPECT_FALSE(PlanStylesheetAssets(job, 0, image, options));
}

TEST(PlanTest, TooManyReferencesIsAnErrorForThatArticle) {
  std::string body;
  for (size_t i = 0; i <= kMaxReferences; ++i) body += "![](http://o.test/" + std::to_string(i) + ".png)\n";
  ArticleJob job;
  job.article = *ParseArticle("p.md", body);
  PlanReferences(job, ArchiveOptions{});
  EXPECT_EQ(job.error.code(), Status::Code::kInvalidInput);
  EXPECT_NE(job.error.message().find("rotproof archives at most 20000"), std::string::npos);
}

}  // namespace
}  // namespace rotproof
