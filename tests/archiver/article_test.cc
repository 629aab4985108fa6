#include "rotproof/article.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

std::string At(const Article& a, Span s) { return a.bytes.substr(s.begin, s.end - s.begin); }

// Front-matter dates as blogs write them (Hexo, Jekyll, Hugo, WordPress exports).
TEST(ArticleDateTest, OwnDateReadsAsTheEnginesWriteIt) {
  auto own = [](const std::string& date) {
    auto a = ParseArticle("p.md", "---\ndate: " + date + "\n---\nbody\n");
    EXPECT_TRUE(a.ok()) << date;
    return ArticleOwnTimestamp(*a);
  };
  EXPECT_EQ(own("2022-08-31 10:00:00"), "20220831100000");
  EXPECT_EQ(own("2022-8-3 9:05"), "20220803090500");  // not 2022-83-...
  EXPECT_EQ(own("2022-08-31T10:00:00+08:00"), "20220831100000");
  EXPECT_EQ(own("2022-08-31"), "20220831000000");
  EXPECT_EQ(own("Wed, 31 Aug 2022 01:23:00 GMT"), "20220831012300");
  for (const char* unreadable : {"someday", "2022-13-01", "2022-02-00", "2022-08-31 25:00"})
    EXPECT_EQ(own(unreadable), std::nullopt) << unreadable;
  EXPECT_EQ(ArticleOwnTimestamp(*ParseArticle("p.md", "body\n")), std::nullopt);
  EXPECT_EQ(ArticleOwnDay(*ParseArticle("p.md", "---\ndate: 2022-8-3\n---\n")), "2022-08-03");
  EXPECT_EQ(ArticleOwnDay(*ParseArticle("p.md", "body\n")), "");
}

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

// Past each limit, one clear error instead of minutes or gigabytes.
TEST(LoadTest, ArticlesOverTheLimitsAreRefused) {
  auto big = ParseArticle("big.md", std::string(kMaxArticleBytes + 1, 'x'));
  EXPECT_EQ(big.status().message(), "big.md: 16777217 bytes; rotproof reads articles of at most 16777216");
  std::string keys;
  for (int i = 0; keys.size() <= kMaxFrontMatterBytes; ++i) keys += "key" + std::to_string(i) + ": v\n";
  auto fm = ParseArticle("fm.md", "---\n" + keys + "---\nbody\n");
  EXPECT_EQ(fm.status().message().rfind("fm.md:2: front matter of ", 0), 0u) << fm.status().message();
  std::string deep;
  for (size_t i = 0; i <= kMaxHtmlDepth; ++i) deep += "<span>";
  EXPECT_EQ(ParseArticle("deep.html", deep).status().message(),
            "deep.html: HTML nests elements 10001 deep; rotproof reads at most 10000 (browsers stop at 512)");
  std::string wide;
  for (size_t i = 0; i <= kMaxHtmlElements; ++i) wide += "<b></b>";
  EXPECT_EQ(ParseArticle("wide.html", wide).status().message(),
            "wide.html: 500001 HTML elements; rotproof reads at most 500000");
}

// Legacy pages close neither <p> nor <li>: they are not deep.
TEST(LoadTest, UnclosedParagraphsDoNotCountAsNesting) {
  std::string page;
  for (int i = 0; i < 20000; ++i) page += "<p>para <li>item <td>cell ";
  EXPECT_TRUE(ParseArticle("legacy.html", page).ok());
}

// Many plain keys once made the comment search quadratic (80,000: 19 s).
TEST(LoadTest, ManyFrontMatterKeysLoad) {
  std::string keys;
  for (int i = 0; i < 20000; ++i) keys += "key" + std::to_string(i) + ": value " + std::to_string(i) + "\n";
  auto a = ParseArticle("many.md", "---\n" + keys + "---\nbody\n");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->front_matter.size(), 20000u);
  EXPECT_EQ(a->front_matter.back().value, "value 19999");
}

TEST(LoadTest, CharsetIsReadOnlyWhenTheBytesAreNotUtf8) {
  EXPECT_EQ(ParseArticle("a.html", "<meta charset=\"gbk\">\xb2\xe2")->charset, "gbk");
  EXPECT_EQ(ParseArticle("b.html", "<meta charset=\"gbk\">\xe6\xb5\x8b")->charset, "");
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
