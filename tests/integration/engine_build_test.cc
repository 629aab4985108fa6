// Restored posts built by their engines: Hexo (npm, tests/engines/), Hugo
// and Jekyll (Debian). A tiny site of each engine gets a post restored with
// --layout, the engine builds it, and every picture URL in the page it
// generated must name a file it published.

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "archive_env.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;

// The post as blogs hot-link their pictures: the cover through a proxy.
const char kPost[] =
    "---\ntitle: Trip\ndate: 2021-06-05 10:00:00\n"
    "cover: https://cors.zfour.workers.dev/?http://o.test/c.png\n---\n"
    "Engine marker.\n\n![a](http://o.test/a.png)\n\n<img src=\"http://o.test/b.png\">\n";

struct Engine {
  std::string layout;
  std::vector<std::pair<std::string, std::string>> files;  // the site skeleton
  std::vector<std::string> build;                          // run in the site's root
  std::string output;                                      // where it publishes
};

std::vector<Engine> Engines() {
  std::string hexo_theme =
      "<html><body><% if (page.cover) { %><img src=\"<%- page.cover %>\"><% } %>"
      "<%- page.content %></body></html>";
  return {
      {"hexo",
       {{"_config.yml",
         "url: https://b.example\nroot: /\npermalink: :year/:month/:day/:title/\npost_asset_folder: true\n"
         "marked:\n  postAsset: true\ntheme: t\n"},
        {"scaffolds/post.md", "---\ntitle: {{ title }}\n---\n"},
        {"themes/t/layout/post.ejs", hexo_theme},
        {"themes/t/layout/index.ejs", "<html><body>index</body></html>"}},
       {"/usr/bin/env", "node", std::string(ROTPROOF_ENGINES_DIR) + "/build_hexo.js", "."},
       "public"},
      {"hugo",
       {{"hugo.toml",
         "baseURL = 'https://b.example/'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n"
         "[markup.goldmark.renderer]\nunsafe = true\n"},
        {"layouts/_default/single.html",
         "<html><body>{{ with .Params.cover }}<img src=\"{{ . }}\">{{ end }}{{ .Content }}</body></html>"},
        {"layouts/_default/list.html", "<html><body>list</body></html>"}},
       {"/usr/bin/hugo", "--quiet", "-d", "public"},
       "public"},
      {"jekyll",
       {{"_config.yml", "url: https://b.example\ndefaults:\n  - scope: {path: ''}\n    values: {layout: post}\n"},
        {"_layouts/post.html",
         "<html><body>{% if page.cover %}<img src=\"{{ page.cover }}\">{% endif %}{{ content }}</body></html>"}},
       {"/usr/bin/jekyll", "build", "--quiet", "-d", "_site"},
       "_site"},
  };
}

// The page the engine made of the post, by its marker.
fs::path GeneratedPage(const fs::path& output) {
  for (const auto& e : fs::recursive_directory_iterator(output))
    if (e.path().extension() == ".html" && ReadFile(e.path().string()).find("Engine marker.") != std::string::npos)
      return e.path();
  return {};
}

TEST(EngineBuildTest, EveryPictureInTheGeneratedPageIsAPublishedFile) {
  FakeOrigin origin;
  std::string dir = FreshDir("engines");
  fs::create_directories(dir + "/in");
  WriteFile(dir + "/in/trip.md", kPost);
  ASSERT_EQ(ArchiveWith(origin, {dir + "/in/trip.md"}, dir + "/out").exit_code, 0);
  for (const Engine& engine : Engines()) {
    SCOPED_TRACE(engine.layout);
    std::string site = dir + "/" + engine.layout;
    for (const auto& [name, text] : engine.files) {
      fs::create_directories(fs::path(site + "/" + name).parent_path());
      WriteFile(site + "/" + name, text);
    }
    RunResult restored =
        RunProgram({Bin("rotproof"), "restore", dir + "/out/trip.wacz", "--layout", engine.layout, "-o", site});
    ASSERT_EQ(restored.exit_code, 0) << restored.err;
    std::vector<std::string> build = {"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", site};
    build.insert(build.end(), engine.build.begin(), engine.build.end());
    RunResult built = RunProgram(build);
    ASSERT_EQ(built.exit_code, 0) << built.out << built.err;

    fs::path output = site + "/" + engine.output;
    fs::path page = GeneratedPage(output);
    ASSERT_FALSE(page.empty()) << "no generated page holds the post";
    std::string html = ReadFile(page.string());
    // The page's URL path: its folder for index.html, else the file itself.
    std::string url = "/" + fs::relative(page, output).generic_string();
    if (url.ends_with("/index.html")) url.resize(url.size() - std::string("index.html").size());
    std::string base = url.substr(0, url.rfind('/') + 1);
    std::regex image("<img[^>]* src=\"([^\"]+)\"");
    size_t images = 0;
    for (std::sregex_iterator it(html.begin(), html.end(), image), end; it != end; ++it, ++images) {
      std::string src = (*it)[1];
      EXPECT_EQ(src.find("://"), std::string::npos) << src;  // no URL left to rot
      std::string path = src.starts_with("/") ? src : base + src;
      fs::path file = output / path.substr(1);
      EXPECT_TRUE(fs::is_regular_file(file)) << src << " from " << url << " is not " << file;
      EXPECT_EQ(ReadFile(file.string()).substr(1, 3), "PNG") << file;
    }
    EXPECT_EQ(images, 3u) << html;
  }
}

}  // namespace
}  // namespace rotproof
