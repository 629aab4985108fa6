#include "rotproof/render.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(RenderTest, MarkdownBecomesAPageWithItsTitleAndHeaderImage) {
  auto article = ParseArticle("p.md", "---\ntitle: A <b>title</b>\n---\n# Head\n\n![x](http://o.test/a.png)\n");
  ASSERT_TRUE(article.ok());
  size_t at = article->bytes.find("http://o.test/a.png");
  std::string html =
      RenderArticleHtml(*article, {{{at, at + 19}, "http://archived.test/a.png"}}, "http://o.test/h.png");
  EXPECT_NE(html.find("<title>A &lt;b&gt;title&lt;/b&gt;</title>"), std::string::npos) << html;
  EXPECT_NE(html.find("<h1>Head</h1>"), std::string::npos);
  EXPECT_NE(html.find("src=\"http://archived.test/a.png\""), std::string::npos);  // the splice applied
  EXPECT_NE(html.find("http://o.test/h.png"), std::string::npos);
  EXPECT_EQ(html.find("http://o.test/a.png"), std::string::npos);
}

TEST(RenderTest, HtmlArticlesAreThePageItself) {
  auto article = ParseArticle("p.html", "<html><body><img src=\"a.png\"></body></html>\n");
  ASSERT_TRUE(article.ok());
  size_t at = article->bytes.find("a.png");
  EXPECT_EQ(RenderArticleHtml(*article, {{{at, at + 5}, "b.png"}}, ""),
            "<html><body><img src=\"b.png\"></body></html>\n");
}

}  // namespace
}  // namespace rotproof
