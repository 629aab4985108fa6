#include <gtest/gtest.h>

#include "rotproof/article.h"

namespace rotproof {
namespace {

std::string At(const Article& a, Span s) { return a.bytes.substr(s.begin, s.end - s.begin); }

TEST(LoadTest, FrontMatterAfterLeadingBlankLineAndQuotedSpans) {
  const std::string text =
      "\n---\ntitle: 'A ''quoted'' title'\nheadimg: 'https://p.dev/?http://o.com/a.jpg'\n"
      "thumbnail: https://o.com/b.jpg  # plain\ncover: \"https://o.com/c.jpg\"\n---\nbody\n";
  auto a = ParseArticle("post.md", text);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->title, "A 'quoted' title");
  EXPECT_EQ(a->bytes.substr(a->body_offset), "body\n");
  const FrontMatterField* h = a->Field("headimg");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(At(*a, h->span), "https://p.dev/?http://o.com/a.jpg");
  EXPECT_EQ(At(*a, a->Field("thumbnail")->span), "https://o.com/b.jpg");
  EXPECT_EQ(At(*a, a->Field("cover")->span), "https://o.com/c.jpg");
  EXPECT_FALSE(a->Field("title")->raw_equals_value);  // '' escapes differ from the value
}

TEST(LoadTest, NoFrontMatterWithoutClosingFence) {
  auto a = ParseArticle("post.md", "---\ntitle: x\nno closing fence\n");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->body_offset, 0u);
  EXPECT_TRUE(a->front_matter.empty());
}

TEST(LoadTest, BrokenYamlNamesFileAndLine) {
  auto a = ParseArticle("dir/post.md", "---\ntitle: ok\nbad: [unclosed\n---\nbody\n");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(a.status().message().rfind("dir/post.md:4: front matter is not valid YAML: ", 0), 0u)
      << a.status().message();
}

TEST(LoadTest, BinaryFileIsRejected) {
  auto a = ParseArticle("img.md", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(), "img.md: binary file (contains NUL bytes), not an article");
}

TEST(LoadTest, MissingFileIsNotFound) {
  auto a = LoadArticle("/nonexistent/post.md");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(a.status().message(), "/nonexistent/post.md: no such file");
}

TEST(LoadTest, NonUtf8TextIsKeptAsBytes) {
  // "标题" in GBK, in the title and the body.
  const std::string gbk = "---\ntitle: \xb1\xea\xcc\xe2\n---\n<img src=\"http://o.com/a.jpg\">\xb1\xea\n";
  auto a = ParseArticle("old.md", gbk);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->bytes, gbk);
}

TEST(LoadTest, HtmlFilesHaveNoFrontMatter) {
  auto a = ParseArticle("page.HTML", "---\ntitle: x\n---\n<p>hi</p>");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->kind, ArticleKind::kHtml);
  EXPECT_EQ(a->body_offset, 0u);
}

TEST(LoadTest, SlugKeepsUnicodeAndDropsUnsafeCharacters) {
  EXPECT_EQ(SlugFor("a/b/09%=09996427%？拼多多.md"), "09-09996427-？拼多多");
  EXPECT_EQ(SlugFor("x/.hidden.md"), "hidden");
  EXPECT_EQ(SlugFor("x/%%.md"), "article");
}

TEST(LoadTest, IndexFilesAreNamedAfterTheirDirectory) {
  EXPECT_EQ(SlugFor("content/posts/my-trip/index.md"), "my-trip");
  EXPECT_EQ(SlugFor("content/posts/_index.md"), "posts");
  EXPECT_EQ(SlugFor("docs/guide/README.md"), "guide");
  EXPECT_EQ(SlugFor("index.html"), "index");
}

}  // namespace
}  // namespace rotproof
