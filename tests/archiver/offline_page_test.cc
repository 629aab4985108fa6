#include "rotproof/offline_page.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "fake_transport.h"
#include "rotproof/digest.h"
#include "rotproof/pipeline.h"
#include "rotproof/restore.h"
#include "run.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "offline-page";

// Active content as real posts carry it (tests/fixtures/hostile/SOURCES.md):
// the busuanzi counter Hexo themes paste into posts, a bilibili player
// iframe, an onError fallback that calls an image host, a javascript: link,
// plus a meta refresh and a DNS prefetch no policy covers.
const char kHostilePost[] =
    "---\ntitle: <Hostile> & post\ndate: 2022-08-30 12:00:00\n---\n"
    "Text before.\n\n"
    "<img src=\"http://o.test/a.png\" onError=\"this.src='http://image.10x10.co.kr/images/no_image.gif'\" "
    "border=0>\n\n"
    "<script async src=\"//busuanzi.ibruce.info/busuanzi/2.3/busuanzi.pure.mini.js\"></script>\n\n"
    "<iframe src=\"//player.bilibili.com/player.html?aid=1&page=1\" scrolling=\"no\"></iframe>\n\n"
    "<a href=\"javascript:void(0)\" onclick=\"steal()\">click</a>\n\n"
    "<meta http-equiv=\"refresh\" content=\"0;url=http://evil.test/\">\n"
    "<link rel=\"dns-prefetch\" href=\"//evil.test\">\n\n"
    "Text after.\n";

TEST(OfflinePageTest, ActiveContentIsRemovedAndEveryOtherByteKept) {
  std::string html =
      "<p>a<script>x()</script>b<img src=\"p.png\" onerror=\"go()\" alt=1>"
      "<a href=\" java\tscript:go()\">l</a><a href=\"ok.html\">m</a>"
      "<link rel=\"stylesheet\" href=\"s.css\"><link rel=prefetch href=\"//x\"><base href=\"http://x/\">"
      "<iframe src=\"//x\"></iframe><object data=\"x\"><embed src=\"y\"></object></p>";
  EXPECT_EQ(RemoveActiveContent(html),
            "<p>ab<img src=\"p.png\"  alt=1><a >l</a><a href=\"ok.html\">m</a>"
            "<link rel=\"stylesheet\" href=\"s.css\"></p>");
  // A misnested formatting element is reopened by the parser as a clone of
  // the written tag: its handler is one span, removed once.
  EXPECT_EQ(RemoveActiveContent("<b onclick=\"x()\"><p>one</b>two</p>"), "<b ><p>one</b>two</p>");
  // An unclosed script runs to the end of the document.
  EXPECT_EQ(RemoveActiveContent("<p>a</p><script>never closed"), "<p>a</p>");
}

TEST(OfflinePageTest, PolicyForbidsTheNetworkAndAllowsScriptsOnlyByHash) {
  std::string none = OfflinePolicy({});
  EXPECT_NE(none.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(none.find("script-src 'none'"), std::string::npos);
  EXPECT_EQ(none.find("http"), std::string::npos);
  EXPECT_EQ(none.find("unsafe-eval"), std::string::npos);
  // sha256("abc") in Base64, as `openssl dgst -sha256 -binary | base64` gives it.
  EXPECT_NE(OfflinePolicy({"abc"}).find("script-src 'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"),
            std::string::npos);
}

// The collection's script runs only because its hash is in the policy: the
// hash must be of the exact text the page carries.
TEST(OfflinePageTest, CollectionIndexScriptMatchesItsPolicyHash) {
  std::string page = MakeCollectionIndex({{"a#1/index.html", {"T <1>", "2022-08-30", "u", "c", {3, 1, 0, 2}}},
                                          {"b/index.html", {"Second", "2021-01-01", "u", "c", {}}}});
  std::smatch script, hash;
  ASSERT_TRUE(std::regex_search(page, script, std::regex("<script>([^<]*)</script>")));
  ASSERT_TRUE(std::regex_search(page, hash, std::regex("'sha256-([A-Za-z0-9+/=]+)'")));
  Sha256 h;
  h.Update(script[1].str());
  EXPECT_EQ(hash[1].str(), ToBase64(h.FinishRaw()));
  EXPECT_NE(page.find("<a href=\"a%231/index.html\">T &lt;1&gt;</a>"), std::string::npos) << page;
  EXPECT_NE(page.find("<td data-v=\"2\">2</td></tr>"), std::string::npos);
  EXPECT_NE(page.find("2 articles"), std::string::npos);
}

// A hostile post archived and restored: its reader page has the policy in
// its head before anything of the post, none of the post's active content,
// and every picture it shows is a restored file beside it.
TEST(OfflinePageTest, RestoredHostilePostReadsOfflineAndRunsNothing) {
  std::string dir = testing::FreshDir("offline-page");
  fs::create_directories(dir + "/spool");
  testing::WriteFile(dir + "/hostile.md", kHostilePost);
  testing::FakeTransport t(dir + "/spool");
  t.Serve("http://o.test/a.png", kPng);
  ArchiveOptions options;
  options.out_dir = dir;
  options.capture_time = 1661908980;
  auto archived = ArchiveArticle(dir + "/hostile.md", options, t);
  ASSERT_TRUE(archived.ok()) << archived.status().ToString();
  auto restored = RestoreArchive(archived->archive_path, dir + "/r", {});
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->reader_page, dir + "/r/hostile/index.html");
  std::string page = testing::ReadFile(restored->reader_page);

  size_t head = page.find("<head>"), policy = page.find("Content-Security-Policy"), body = page.find("<body>");
  ASSERT_NE(policy, std::string::npos) << page;
  EXPECT_LT(head, policy);
  EXPECT_LT(policy, body);
  for (const char* gone : {"<script", "<iframe", "busuanzi", "onError", "onclick", "javascript:", "refresh",
                           "dns-prefetch\" href", "10x10"})
    EXPECT_EQ(page.find(gone), std::string::npos) << gone << "\n" << page;
  EXPECT_NE(page.find("Text before."), std::string::npos);
  EXPECT_NE(page.find("Text after."), std::string::npos);
  EXPECT_NE(page.find("<strong>&lt;Hostile&gt; &amp; post</strong> &middot; 2022-08-30"), std::string::npos) << page;
  EXPECT_NE(page.find("1 from the origin, 0 through a proxy, 0 from a web archive, 0 dead"), std::string::npos);

  std::regex src("<img[^>]* src=\"([^\"]*)\"");
  size_t images = 0;
  for (std::sregex_iterator it(page.begin(), page.end(), src), end; it != end; ++it, ++images)
    EXPECT_EQ(testing::ReadFile(dir + "/r/hostile/" + (*it)[1].str()), kPng) << (*it)[1];
  EXPECT_EQ(images, 1u);
  // The rewritten Markdown beside it is untouched by any of this.
  EXPECT_NE(testing::ReadFile(dir + "/r/hostile/index.md").find("busuanzi"), std::string::npos);
}

}  // namespace
}  // namespace rotproof
