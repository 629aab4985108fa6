// Blog source trees: engines found by their config, pages placed by their
// URL rules, and relative references archived from disk
// (tests/fixtures/sites/, real posts; SOURCES.md).

#include "rotproof/site.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "fake_transport.h"
#include "rotproof/pipeline.h"
#include "rotproof/restore.h"
#include "rotproof/verify.h"
#include "run.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "site-test";

// A copy of the fixture site `name`, with a PNG at each of `assets`.
std::string SiteCopy(const std::string& name, const std::vector<std::string>& assets) {
  std::string dir = testing::FreshDir("site-" + name);
  fs::copy(std::string(ROTPROOF_FIXTURES) + "/sites/" + name, dir, fs::copy_options::recursive);
  for (const std::string& a : assets) {
    fs::create_directories(fs::path(dir + "/" + a).parent_path());
    testing::WriteFile(dir + "/" + a, kPng + a);
  }
  return dir;
}

TEST(SiteTest, FindsEachEngineByItsConfig) {
  std::string root = std::string(ROTPROOF_FIXTURES) + "/sites/";
  auto hexo = FindSite(root + "hexo/source/_posts/slack-travis-notification.md", "");
  ASSERT_TRUE(hexo);
  EXPECT_EQ(hexo->engine, Site::Engine::kHexo);
  EXPECT_EQ(hexo->base_url, "https://blog.example.org/");
  EXPECT_TRUE(hexo->post_asset_folder);
  auto hugo = FindSite(root + "hugo/content/posts/run_shell_on_alfred.md", "");
  ASSERT_TRUE(hugo);
  EXPECT_EQ(hugo->engine, Site::Engine::kHugo);
  EXPECT_EQ(hugo->base_url, "https://example.org/");
  auto jekyll = FindSite(root + "jekyll/docs/teams.md", "");
  ASSERT_TRUE(jekyll);
  EXPECT_EQ(jekyll->engine, Site::Engine::kJekyll);
  EXPECT_EQ(jekyll->base_url, "https://docs.example.net/edge-net/");
  auto vault = FindSite(root + "obsidian/notes/attention-is-all-you-need.md", "");
  ASSERT_TRUE(vault);
  EXPECT_EQ(vault->engine, Site::Engine::kObsidian);
  EXPECT_EQ(vault->base_url, "http://localhost/");
  EXPECT_EQ(vault->attachments, "attachments");
  // --base-url replaces the configured URL; a file in no site has none.
  EXPECT_EQ(FindSite(root + "jekyll/docs/teams.md", "https://mirror.example/x")->base_url, "https://mirror.example/x/");
  EXPECT_FALSE(FindSite(std::string(ROTPROOF_FIXTURES) + "/posts/dead-image.md", ""));
}

TEST(SiteTest, ABrokenConfigStillMakesASiteWithDefaults) {
  std::string dir = testing::FreshDir("site-broken");
  testing::WriteFile(dir + "/hugo.toml", "baseURL = [unterminated");
  testing::WriteFile(dir + "/content/a.md", "x");
  auto site = FindSite(dir + "/content/a.md", "");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->engine, Site::Engine::kHugo);
  EXPECT_EQ(site->base_url, "http://localhost/");
}

TEST(SiteTest, PlacesPagesByEachEnginesRules) {
  Site hexo{Site::Engine::kHexo, "/s", "https://b.org/", "", true, ""};
  Article post = *ParseArticle("p.md", "---\ndate: 2018-11-13 00:13:09\n---\nx");
  std::string ts = "20181113001309";
  SitePage page = PageOf(hexo, "/s/source/_posts/my-post.md", post, ts);
  EXPECT_EQ(page.url, "https://b.org/2018/11/13/my-post/");
  ASSERT_EQ(page.roots.size(), 2u);
  EXPECT_EQ(page.roots[0], (std::pair<std::string, std::string>{page.url, "/s/source/_posts/my-post"}));
  hexo.permalink = ":year/:i_month/:title.html";
  EXPECT_EQ(PageOf(hexo, "/s/source/_posts/my-post.md", post, ts).url, "https://b.org/2018/11/my-post/");

  Site hugo{Site::Engine::kHugo, "/h", "https://e.org/", "", false, ""};
  Article plain = *ParseArticle("p.md", "x");
  SitePage bundle = PageOf(hugo, "/h/content/Posts/My-Trip/index.md", plain, ts);
  EXPECT_EQ(bundle.url, "https://e.org/posts/my-trip/");
  EXPECT_EQ(bundle.roots[0].second, "/h/content/Posts/My-Trip");
  EXPECT_EQ(bundle.roots[1], (std::pair<std::string, std::string>{"https://e.org/", "/h/static"}));
  Article slugged = *ParseArticle("p.md", "---\nslug: other\n---\nx");
  EXPECT_EQ(PageOf(hugo, "/h/content/posts/a.md", slugged, ts).url, "https://e.org/posts/other/");

  Site jekyll{Site::Engine::kJekyll, "/j", "https://j.org/", "", false, ""};
  Article categorised = *ParseArticle("p.md", "---\ncategories: [tips, linux]\n---\nx");
  EXPECT_EQ(PageOf(jekyll, "/j/_posts/2020-01-02-hello.md", categorised, ts).url,
            "https://j.org/tips/linux/2020/01/02/hello.html");
  jekyll.permalink = "pretty";
  EXPECT_EQ(PageOf(jekyll, "/j/_posts/2020-01-02-hello.md", plain, ts).url, "https://j.org/2020/01/02/hello/");
  EXPECT_EQ(PageOf(jekyll, "/j/docs/teams.md", plain, ts).url, "https://j.org/docs/teams.html");
}

TEST(SiteTest, ServesOnlyFilesInsideARoot) {
  std::string dir = SiteCopy("hexo", {"source/images/a.png", "source/_drafts/secret.png"});
  testing::WriteFile(dir + "/outside.png", kPng);
  fs::create_symlink(dir + "/outside.png", dir + "/source/images/link.png");
  SitePage page{"https://b.org/p/", {{"https://b.org/", dir + "/source"}}};
  EXPECT_EQ(LocalFileFor(page, "https://b.org/images/a.png?v=2#x"), dir + "/source/images/a.png");
  EXPECT_EQ(LocalFileFor(page, "https://b.org/images/%61.png"), dir + "/source/images/a.png");
  EXPECT_EQ(LocalFileFor(page, "https://b.org/images/../../outside.png"), "");
  EXPECT_EQ(LocalFileFor(page, "https://b.org/images/%2e%2e/%2e%2e/outside.png"), "");
  EXPECT_EQ(LocalFileFor(page, "https://b.org/_drafts/secret.png"), "");
  EXPECT_EQ(LocalFileFor(page, "https://b.org/images/link.png"), "");
  EXPECT_EQ(LocalFileFor(page, "https://b.org/images/"), "");
  EXPECT_EQ(LocalFileFor(page, "https://other.org/images/a.png"), "");
}

class SiteArchiveTest : public ::testing::Test {
 protected:
  // Archives `post` of the site copy `dir` with a transport that serves
  // nothing: every reference must come from disk.
  ArticleReport Archive(const std::string& dir, const std::string& post) {
    out_ = testing::FreshDir("site-out");
    fs::create_directories(out_ + "/spool");
    ArchiveOptions options;
    options.out_dir = out_;
    options.capture_time = 1661908980;
    testing::FakeTransport none(out_ + "/spool");
    auto report = ArchiveArticle(dir + "/" + post, options, none);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(none.rounds().empty());
    return report.ok() ? *report : ArticleReport{};
  }
  // The restored article, once the archive verifies.
  std::string VerifiedAndRestored(const ArticleReport& report) {
    VerifyReport verdict = VerifyArchive(report.archive_path, {});
    EXPECT_FALSE(verdict.HasErrors());
    for (const Finding& f : verdict.findings) ADD_FAILURE() << f.code << " " << f.message;
    auto restored = RestoreArchive(report.archive_path, out_ + "/restored", {});
    EXPECT_TRUE(restored.ok()) << restored.status().ToString();
    return restored.ok() ? testing::ReadFile(restored->article_path) : "";
  }
  std::string out_;
};

TEST_F(SiteArchiveTest, HexoPostAssetFolder) {
  std::vector<std::string> assets;
  for (int i = 1; i <= 10; ++i)
    assets.push_back("source/_posts/slack-travis-notification/" + std::to_string(i) + ".png");
  std::string dir = SiteCopy("hexo", assets);
  ArticleReport report = Archive(dir, "source/_posts/slack-travis-notification.md");
  EXPECT_EQ(report.references, 10u);
  EXPECT_EQ(report.archived, 10u);
  std::string restored = VerifiedAndRestored(report);
  EXPECT_NE(restored.find("{% asset_img assets/10.png %}"), std::string::npos) << restored;
  EXPECT_EQ(testing::ReadFile(out_ + "/restored/slack-travis-notification/assets/7.png"), kPng + assets[6]);
}

TEST_F(SiteArchiveTest, HugoStaticFiles) {
  std::string dir = SiteCopy("hugo", {"static/images/posts/run_shell_on_alfred/alfred_sh.png",
                                      "static/images/posts/run_shell_on_alfred/alfred_app.png",
                                      "static/images/posts/run_shell_on_alfred/notification_desktop_hoge.png"});
  ArticleReport report = Archive(dir, "content/posts/run_shell_on_alfred.md");
  EXPECT_EQ(report.archived, 3u);
  EXPECT_NE(VerifiedAndRestored(report).find("{{< figure src=\"assets/alfred_app.png\" >}}"), std::string::npos);
}

TEST_F(SiteArchiveTest, JekyllSiteRelativeLiquidPath) {
  std::string dir = SiteCopy("jekyll", {"assets/images/team.jpg", "docs/assets/images/team.jpg"});
  ArticleReport report = Archive(dir, "docs/teams.md");
  ASSERT_EQ(report.archived, 1u);
  std::string restored = VerifiedAndRestored(report);
  // From the site's root, not from the page's folder docs/.
  EXPECT_EQ(testing::ReadFile(out_ + "/restored/teams/assets/team.png"), kPng + "assets/images/team.jpg");
  EXPECT_NE(restored.find("![Teams](assets/team.png)"), std::string::npos) << restored;
}

TEST_F(SiteArchiveTest, ObsidianEmbedsFromTheAttachmentFolder) {
  std::string dir =
      SiteCopy("obsidian", {"attachments/Pasted image 20231020220059.png",
                            "attachments/Pasted image 20231105162138.png", "notes/Pasted image 20231106103144.png"});
  ArticleReport report = Archive(dir, "notes/attention-is-all-you-need.md");
  EXPECT_EQ(report.references, 3u);
  EXPECT_EQ(report.archived, 3u);
  std::string restored = VerifiedAndRestored(report);
  // Spaces become '_' in a restored name, as for every asset.
  EXPECT_NE(restored.find("![[assets/Pasted_image_20231020220059.png|400]]"), std::string::npos) << restored;
  EXPECT_NE(restored.find("![[assets/Pasted_image_20231105162138.png#Fig2|inL|244]]"), std::string::npos);
}

// Restored back into a blog: each layout's files where its engine wants
// them, and, read back through the engine's own rules (site.cc, the table
// in docs/sites.md), every reference of the restored post resolves to a
// restored file; only reference spans differ from the original.
TEST(SiteLayoutTest, RestoredPostsResolveUnderTheirEnginesRules) {
  const std::string post =
      "---\ntitle: Trip\ndate: 2021-06-05 10:00:00\ncover: https://cors.zfour.workers.dev/?http://o.test/c.png\n"
      "---\n![a](http://o.test/a.png)\n<img src=\"http://o.test/b.jpg\">\n";
  struct Case {
    RestoreLayout layout;
    std::string config_name, config, article;
    std::string reference_a;
  };
  for (const Case& c : {Case{RestoreLayout::kHexo, "_config.yml", "url: https://b.example\npost_asset_folder: true\n",
                             "source/_posts/trip.md", "![a](a.png)"},
                        Case{RestoreLayout::kHugo, "hugo.toml", "baseURL = 'https://b.example/'\n",
                             "content/posts/trip/index.md", "![a](a.png)"},
                        Case{RestoreLayout::kJekyll, "_config.yml", "url: https://b.example\n",
                             "_posts/2021-06-05-trip.md", "![a](/assets/images/trip/a.png)"}}) {
    std::string dir = testing::FreshDir("layout");
    fs::create_directories(dir + "/spool");
    testing::WriteFile(dir + "/trip.md", post);
    testing::FakeTransport t(dir + "/spool");
    for (const char* name : {"a.png", "b.jpg", "c.png"}) t.Serve(std::string("http://o.test/") + name, kPng + name);
    ArchiveOptions options;
    options.out_dir = dir;
    options.capture_time = 1661908980;
    auto archived = ArchiveArticle(dir + "/trip.md", options, t);
    ASSERT_TRUE(archived.ok()) << archived.status().ToString();

    std::string site = dir + "/site";
    if (c.layout == RestoreLayout::kHexo) fs::create_directories(site + "/scaffolds");
    fs::create_directories(site);
    testing::WriteFile(site + "/" + c.config_name, c.config);
    RestoreOptions restore;
    restore.layout = c.layout;
    auto restored = RestoreArchive(archived->archive_path, site, restore);
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
    EXPECT_EQ(restored->article_path, site + "/" + c.article);
    std::string text = testing::ReadFile(restored->article_path);
    EXPECT_NE(text.find(c.reference_a), std::string::npos) << text;
    EXPECT_NE(text.find("title: Trip\ndate: 2021-06-05 10:00:00\n"), std::string::npos) << text;

    auto explained = ExplainArticle(restored->article_path, ArchiveOptions{});
    ASSERT_TRUE(explained.ok());
    size_t local = 0;
    for (size_t at = explained->find("local file of the"); at != std::string::npos;
         at = explained->find("local file of the", at + 1))
      ++local;
    EXPECT_EQ(local, 3u) << *explained;  // cover, a, b: all from the restored files

    // Again: the post exists, and restore refuses to overwrite it.
    EXPECT_EQ(RestoreArchive(archived->archive_path, site, restore).status().code(), Status::Code::kInvalidInput);
  }
}

}  // namespace
}  // namespace rotproof
