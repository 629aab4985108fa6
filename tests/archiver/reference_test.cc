#include "rotproof/reference.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

struct Found {
  std::string where, url, raw;
  bool operator==(const Found&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Found& f) {
  return os << "{" << f.where << ", " << f.url << ", raw=" << f.raw << "}";
}

std::vector<Found> Extract(const std::string& name, const std::string& text) {
  auto a = ParseArticle(name, text);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  std::vector<Found> out;
  for (const Reference& r : ScanArticle(*a, ExtractOptions()).references)
    out.push_back({r.where, r.url, a->bytes.substr(r.span.begin, r.span.end - r.span.begin)});
  return out;
}

TEST(ExtractTest, ImgAttributesWithBareBooleanAndEntities) {
  auto refs = Extract("p.md",
                      "<img alt src=\"https://p.dev/?u=1&amp;v=2\" data-original='http://o.com/a.jpg' "
                      "data-src=http://o.com/b.jpg>");
  EXPECT_EQ(refs, (std::vector<Found>{{"img@src", "https://p.dev/?u=1&v=2", "https://p.dev/?u=1&amp;v=2"},
                                      {"img@data-original", "http://o.com/a.jpg", "http://o.com/a.jpg"},
                                      {"img@data-src", "http://o.com/b.jpg", "http://o.com/b.jpg"}}));
}

TEST(ExtractTest, EverySrcsetCandidate) {
  auto refs = Extract("p.html",
                      "<img srcset=\"http://o.com/a.jpg?w=1&amp;h=2 1024w, http://o.com/b.jpg 2x,"
                      "http://o.com/c.jpg\">");
  EXPECT_EQ(refs, (std::vector<Found>{{"img@srcset", "http://o.com/a.jpg?w=1&h=2", "http://o.com/a.jpg?w=1&amp;h=2"},
                                      {"img@srcset", "http://o.com/b.jpg", "http://o.com/b.jpg"},
                                      {"img@srcset", "http://o.com/c.jpg", "http://o.com/c.jpg"}}));
}

TEST(ExtractTest, SourceAndVideoPoster) {
  auto refs = Extract("p.html",
                      "<picture><source srcset=\"http://o.com/a.webp\"><img src=\"http://o.com/a.jpg\">"
                      "</picture><video poster=\"http://o.com/p.jpg\"><source src=\"http://o.com/v.mp4\">"
                      "</video>");
  EXPECT_EQ(refs, (std::vector<Found>{{"source@srcset", "http://o.com/a.webp", "http://o.com/a.webp"},
                                      {"img@src", "http://o.com/a.jpg", "http://o.com/a.jpg"},
                                      {"video@poster", "http://o.com/p.jpg", "http://o.com/p.jpg"},
                                      {"source@src", "http://o.com/v.mp4", "http://o.com/v.mp4"}}));
}

TEST(ExtractTest, FrontMatterKeysAndMarkdownImages) {
  auto refs = Extract("p.md",
                      "---\nheadimg: 'http://o.com/h.jpg'\nthumbnail:\ncover: http://o.com/c.jpg\n"
                      "title: t\n---\n![alt](http://o.com/m.png \"a title\") and "
                      "[![x](http://o.com/l.png)](http://o.com/full.png)\n");
  EXPECT_EQ(refs, (std::vector<Found>{{"fm:headimg", "http://o.com/h.jpg", "http://o.com/h.jpg"},
                                      {"fm:cover", "http://o.com/c.jpg", "http://o.com/c.jpg"},
                                      {"md:image", "http://o.com/m.png", "http://o.com/m.png"},
                                      {"md:image", "http://o.com/l.png", "http://o.com/l.png"},
                                      {"md:image-link", "http://o.com/full.png", "http://o.com/full.png"}}));
}

TEST(ExtractTest, CodeBlocksAreLeftAlone) {
  auto refs = Extract("p.md",
                      "```\n![no](http://o.com/code.png)\n<img src=\"http://o.com/code.jpg\">\n```\n\n"
                      "    <img src=\"http://o.com/indented.jpg\">\n\n"
                      "![yes](http://o.com/real.png)\n");
  EXPECT_EQ(refs, (std::vector<Found>{{"md:image", "http://o.com/real.png", "http://o.com/real.png"}}));
}

TEST(ExtractTest, MarkdownInsideHtmlBlock) {
  auto refs = Extract("p.md", "<figure class=\"x\">![](https://i0.wp.com/h.com/a.png?fit=1%2C2)</figure>Text\n");
  EXPECT_EQ(refs, (std::vector<Found>{{"md:image", "https://i0.wp.com/h.com/a.png?fit=1%2C2",
                                       "https://i0.wp.com/h.com/a.png?fit=1%2C2"}}));
}

TEST(ExtractTest, DataUrisAndEmptyValuesAreNotReferences) {
  auto refs = Extract("p.html",
                      "<img src=\"data:image/gif;base64,R0lGOD\" data-src=\"\">"
                      "<img src=\"#\">");
  EXPECT_TRUE(refs.empty());
}

TEST(ExtractTest, SameUrlTwiceIsTwoReferences) {
  auto refs = Extract("p.md", "![a](http://o.com/x.png) ![b](http://o.com/x.png)\n");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].raw, refs[1].raw);
}

TEST(ExtractTest, TwinsShareAnElement) {
  auto a = ParseArticle("p.html", "<img data-original=\"http://o.com/a\" src=\"http://p/?x\"><img src=\"y\">");
  ASSERT_TRUE(a.ok());
  auto refs = ScanArticle(*a, ExtractOptions()).references;
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0].element, refs[1].element);
  EXPECT_NE(refs[1].element, refs[2].element);
}

TEST(ExtractTest, TitleAndBaseComeFromTheFirstElementThatHasThem) {
  const std::string page =
      "<html><head><base target=_blank><base href='http://a.example/x/'>"
      "<base href=\"http://b.example/\"><title>First</title><title>Second</title></head>"
      "<body><img src=\"i.png\"></body></html>";
  auto a = ParseArticle("p.html", page);
  ASSERT_TRUE(a.ok());
  ArticleScan scan = ScanArticle(*a, ExtractOptions());
  EXPECT_EQ(scan.title, "First");
  EXPECT_EQ(scan.base.href, "http://a.example/x/");
  EXPECT_EQ(a->bytes.substr(scan.base.span.begin, scan.base.span.end - scan.base.span.begin), "http://a.example/x/");
  ASSERT_EQ(scan.references.size(), 1u);
}

// The attributes lazy-loading libraries use, each a twin of src.
TEST(ExtractTest, LazyLoadingAttributes) {
  auto refs =
      Extract("p.html",
              "<img src=\"data:image/gif;base64,R0lGOD\" data-lazy-src=\"https://o.test/a.jpg\" "
              "data-lazy-srcset=\"https://o.test/a-2x.jpg 2x\"><img data-actualsrc=\"https://o.test/b.png\">"
              "<img data-echo=\"https://o.test/c.png\"><picture><source data-srcset=\"https://o.test/d.webp 1x\" "
              "data-src=\"https://o.test/d.jpg\"></picture>");
  EXPECT_EQ(refs, (std::vector<Found>{{"img@data-lazy-src", "https://o.test/a.jpg", "https://o.test/a.jpg"},
                                      {"img@data-lazy-srcset", "https://o.test/a-2x.jpg", "https://o.test/a-2x.jpg"},
                                      {"img@data-actualsrc", "https://o.test/b.png", "https://o.test/b.png"},
                                      {"img@data-echo", "https://o.test/c.png", "https://o.test/c.png"},
                                      {"source@data-srcset", "https://o.test/d.webp", "https://o.test/d.webp"},
                                      {"source@data-src", "https://o.test/d.jpg", "https://o.test/d.jpg"}}));
}

// A link to the full-size picture around a thumbnail (Dockone, Markdown's
// [![thumb](small)](large)): the picture is a reference; links to pages are
// not.
TEST(ExtractTest, LinksToPicturesAroundThumbnails) {
  auto html = Extract("p.html",
                      "<a href=\"https://o.test/large.JPG?x=1\"><img src=\"https://o.test/small.jpg\"></a>"
                      "<a href=\"https://o.test/post.html\">more</a><a href=\"#top\">top</a>");
  EXPECT_EQ(html, (std::vector<Found>{{"a@href", "https://o.test/large.JPG?x=1", "https://o.test/large.JPG?x=1"},
                                      {"img@src", "https://o.test/small.jpg", "https://o.test/small.jpg"}}));
  auto md = Extract("p.md",
                    "[![thumb](https://o.test/small.jpg)](https://o.test/large.jpg)\n\n"
                    "[![badge](https://o.test/b.svg)](https://o.test/project)\n\n[text](https://o.test/t.png)\n");
  EXPECT_EQ(md, (std::vector<Found>{{"md:image", "https://o.test/small.jpg", "https://o.test/small.jpg"},
                                    {"md:image-link", "https://o.test/large.jpg", "https://o.test/large.jpg"},
                                    {"md:image", "https://o.test/b.svg", "https://o.test/b.svg"}}));
  // A full size behind a proxy is a picture too (held-back post 23509387148).
  auto proxied = Extract("p.md",
                         "[![82端口使用情况.png](https://ae01.alicdn.com/kf/H.jpg \"82端口使用情况\") ]"
                         "(https://imageproxy.pimg.tw/resize?url=https://i0.wp.com/i.loli.net/2019/09/16/W.png)\n");
  ASSERT_EQ(proxied.size(), 2u);
  EXPECT_EQ(proxied[1].where, "md:image-link");
  EXPECT_EQ(proxied[1].url, "https://imageproxy.pimg.tw/resize?url=https://i0.wp.com/i.loli.net/2019/09/16/W.png");
}

// Pictures under any key, nested or in lists (Hugo's images: [...],
// Butterfly's cover: {image: ...}), found by value; sentences and page links
// are not pictures.
TEST(ExtractTest, FrontMatterPicturesByValueNestedOrInLists) {
  auto refs = Extract("p.md",
                      "---\ntitle: about a.png and b.jpg\nlink: https://o.test/post/\n"
                      "cover:\n  image: https://o.test/c.jpg\n  alt: x\n"
                      "images: [https://o.test/1.png, \"https://o.test/2.webp\"]\n"
                      "gallery:\n  - src: /img/3.gif\nbanner: https://images.weserv.nl/?url=o.test/4\n"
                      "og: https://cors.test/?https://o.test/5.jpg\n---\nbody\n");
  EXPECT_EQ(refs,
            (std::vector<Found>{
                {"fm:cover.image", "https://o.test/c.jpg", "https://o.test/c.jpg"},
                {"fm:images[0]", "https://o.test/1.png", "https://o.test/1.png"},
                {"fm:images[1]", "https://o.test/2.webp", "https://o.test/2.webp"},
                {"fm:gallery[0].src", "/img/3.gif", "/img/3.gif"},
                {"fm:banner", "https://images.weserv.nl/?url=o.test/4", "https://images.weserv.nl/?url=o.test/4"},
                {"fm:og", "https://cors.test/?https://o.test/5.jpg", "https://cors.test/?https://o.test/5.jpg"}}));
}

// --image-keys narrows the search to the keys named.
TEST(ExtractTest, ImageKeysNarrowTheFrontMatter) {
  auto a = ParseArticle("p.md", "---\nheadimg: https://o.test/h.png\ncover:\n  image: https://o.test/c.jpg\n---\n");
  ASSERT_TRUE(a.ok());
  ExtractOptions only;
  only.front_matter_keys = {"cover.image"};
  auto refs = ScanArticle(*a, only).references;
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].where, "fm:cover.image");
}

// The engines' own syntax: Hexo's img tag (class names skipped), Hugo's
// shortcodes across lines; never inside code.
TEST(ExtractTest, HexoAndHugoImageTags) {
  auto refs =
      Extract("p.md",
              "{% img left /images/a.png 300 200 \"Title\" %}\n\n{% img https://o.test/b.jpg %}\n\n"
              "{{< figure src=\"/img/c.jpg\" title=\"C\" >}}\n\n{{% figure\n  src='https://o.test/d.png'\n %}}\n\n"
              "```\n{% img /code/not.png %}\n```\n{% include note.html %}\n");
  EXPECT_EQ(refs, (std::vector<Found>{{"hexo:img", "/images/a.png", "/images/a.png"},
                                      {"hexo:img", "https://o.test/b.jpg", "https://o.test/b.jpg"},
                                      {"hugo:shortcode", "/img/c.jpg", "/img/c.jpg"},
                                      {"hugo:shortcode", "https://o.test/d.png", "https://o.test/d.png"}}));
}

// Hexo's asset tags name a file of the post's asset folder; Obsidian embeds
// a vault file by name, with a size or a heading after it. Embedded notes
// and wiki links are not assets.
TEST(ExtractTest, HexoAssetTagsAndObsidianEmbeds) {
  auto refs = Extract("p.md",
                      "{% asset_img 1.png 直った！ %}\n\n{% asset_path swig.PNG %}\n\n"
                      "图1：![[Pasted image 20231020220059.png|400]]\n![[sub/a b.jpg#Fig2|inL|244]]\n"
                      "![[Another note]] ![[note.md]] [[#heading]] ![[https://o.test/x.png]]\n"
                      "```\n![[in code.png]]\n```\n");
  EXPECT_EQ(refs, (std::vector<Found>{
                      {"hexo:asset_img", "1.png", "1.png"},
                      {"hexo:asset_img", "swig.PNG", "swig.PNG"},
                      {"obsidian:embed", "Pasted%20image%2020231020220059.png", "Pasted image 20231020220059.png"},
                      {"obsidian:embed", "sub/a%20b.jpg", "sub/a b.jpg"}}));
}

// Reference-style images (CommonMark): the definition holds the URL, once
// for every use, before or after them; a definition in code is not one.
TEST(ExtractTest, ReferenceStyleImagesPointAtTheirDefinition) {
  auto refs = Extract("p.md",
                      "[logo]: https://o.test/logo.png \"Logo\"\n\n![a][logo] and ![b][logo]\n\n![c][pic]\n\n"
                      "[pic]: <https://o.test/pic.jpg>\n\n```\n[x]: https://o.test/code.png\n```\n");
  EXPECT_EQ(refs, (std::vector<Found>{{"md:image-ref", "https://o.test/logo.png", "https://o.test/logo.png"},
                                      {"md:image", "https://o.test/pic.jpg", "https://o.test/pic.jpg"}}));
}

// Jekyll's Liquid URL prefixes mean paths under the site's URL (--base-url).
TEST(ExtractTest, LiquidPrefixesArePathsUnderTheSite) {
  auto refs = Extract("p.md",
                      "![a]({{ site.baseurl }}/assets/a.png)\n\n![b]({{ \"/assets/b.jpg\" | relative_url }} \"T\")\n\n"
                      "<img src=\"{{ site.url }}{{ site.baseurl }}/img/c.png\">\n\n"
                      "<img src=\"{{ page.image }}\">\n\n```\n![x]({{ site.baseurl }}/code.png)\n```\n");
  EXPECT_EQ(refs, (std::vector<Found>{{"md:image", "assets/a.png", "{{ site.baseurl }}/assets/a.png"},
                                      {"md:image", "assets/b.jpg", "{{ \"/assets/b.jpg\" | relative_url }}"},
                                      {"img@src", "img/c.png", "{{ site.url }}{{ site.baseurl }}/img/c.png"},
                                      {"img@src", "{{ page.image }}", "{{ page.image }}"}}));
}

TEST(ExtractTest, NoTitleOrBase) {
  auto a = ParseArticle("p.md", "---\ntitle: t\n---\n```\n<base href=\"http://x/\"><title>c</title>\n```\n");
  ASSERT_TRUE(a.ok());
  ArticleScan scan = ScanArticle(*a, ExtractOptions());
  EXPECT_EQ(scan.base.href, "");
  EXPECT_EQ(scan.title, "");
}

}  // namespace
}  // namespace rotproof
