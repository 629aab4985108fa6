// The pages restore writes for people, opened from file:// in a real
// browser: Debian's Chromium driven by puppeteer-core
// (tests/browser/offline_pages.mjs); and a blog's package replayed in
// ReplayWeb.page (tests/browser/replay_pages.mjs). scripts/install-deps.sh
// installs them all. Screenshots land in build/test-artifacts/browser/.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "archive_env.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;

// A post as hostile as real ones get (tests/archiver/offline_page_test.cc
// names the sources), with pictures the origin serves as real PNGs.
const char kHostilePost[] =
    "---\ntitle: Hostile\ndate: 2022-08-30\n---\n"
    "<img src=\"http://img.test/a.png\" onerror=\"window.pwned=1\" onload=\"window.pwned=1\">\n\n"
    "<script>window.pwned = 1</script>\n\n"
    "<script async src=\"//busuanzi.ibruce.info/busuanzi/2.3/busuanzi.pure.mini.js\"></script>\n\n"
    "<iframe src=\"//player.bilibili.com/player.html?aid=1\"></iframe>\n\n"
    "<a href=\"javascript:window.pwned=1\">x</a>\n<img src=\"http://img.test/dead/gone.png\">\n\n"
    "![b](http://img.test/b.png)\n";

// Runs tests/browser/`script` on `args`, one JSON result per page in
// `pages`.
std::vector<nlohmann::json> RunInChromium(const std::string& script, std::vector<std::string> args,
                                          const std::vector<std::string>& pages) {
  EXPECT_TRUE(fs::exists(std::string(ROTPROOF_BROWSER_DIR) + "/node_modules/puppeteer-core"))
      << "run scripts/install-deps.sh --test";
  std::vector<std::string> argv = {"/usr/bin/env", "node", std::string(ROTPROOF_BROWSER_DIR) + "/" + script,
                                   std::string(ROTPROOF_BIN_DIR) + "/test-artifacts/browser"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), pages.begin(), pages.end());
  RunResult r = RunProgram(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> results;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) results.push_back(nlohmann::json::parse(line));
  EXPECT_EQ(results.size(), pages.size()) << r.out << r.err;
  return results;
}

TEST(BrowserTest, ReaderPagesAndCollectionIndexWorkOfflineInChromium) {
  FakeOrigin origin;
  std::string dir = FreshDir("browser");
  fs::create_directories(dir + "/in");
  WriteFile(dir + "/in/hostile.md", kHostilePost);
  std::vector<std::string> inputs = {dir + "/in/hostile.md"};
  for (const char* post : {"003-zaker-iphone13-38imgs", "013-bangumi-onepiece-lainbgm", "004-dockone-redis-operator"})
    inputs.push_back(Fixture(std::string("posts/") + post + ".md"));
  ASSERT_EQ(ArchiveWith(origin, inputs, dir + "/out").exit_code, 1);  // the dead picture
  RunResult restored = RunProgram({Bin("rotproof"), "restore", dir + "/out", "-o", dir + "/r"});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;

  std::vector<std::string> pages = {
      dir + "/r/index.html", dir + "/r/hostile/index.html", dir + "/r/003-zaker-iphone13-38imgs/index.html",
      dir + "/r/013-bangumi-onepiece-lainbgm/index.html", dir + "/r/004-dockone-redis-operator/index.html"};
  std::vector<nlohmann::json> results = RunInChromium("offline_pages.mjs", {}, pages);
  ASSERT_EQ(results.size(), pages.size());
  for (const nlohmann::json& r : results) {
    SCOPED_TRACE(r.dump());
    EXPECT_TRUE(r["network"].empty());          // opening it sent nothing to the network
    EXPECT_EQ(r["blocked"], "img-src");         // a network picture added later is refused by the policy...
    EXPECT_FALSE(r["probe_sent"].get<bool>());  // ...before it leaves the browser
    EXPECT_FALSE(r["pwned"].get<bool>());       // the post's script, handlers and javascript: never ran
    // Every picture loaded but those whose reference was dead at capture:
    // they keep their URL, which the policy stops.
    EXPECT_EQ(r["broken"], r["stopped_by_policy"]);
    EXPECT_EQ(r["loaded"].get<size_t>() + r["broken"].size(), r["images"].get<size_t>());
  }
  EXPECT_EQ(results[1]["loaded"], 2);
  EXPECT_EQ(results[1]["broken"], nlohmann::json::array({"http://img.test/dead/gone.png"}));
  EXPECT_EQ(results[2]["images"].get<int>(), 39);  // 38 pictures and the header image
  // The collection: its script runs under the policy (by hash): search filters, headers sort.
  const nlohmann::json& index = results[0];
  EXPECT_EQ(index["rows"], 4);
  EXPECT_EQ(index["rows_after_search"], 1);
  std::vector<std::string> dates = index["dates"];
  EXPECT_TRUE(std::is_sorted(dates.begin(), dates.end()));
  EXPECT_EQ(dates.front(), "2021-04-14");
}

// A blog's package, opened in ReplayWeb.page as a reader would: every
// article replays with its images, a banner the articles share (stored
// once, then revisits) included, and nothing is fetched from the network.
TEST(BrowserTest, APackageReplaysEveryArticleInReplayWebPage) {
  ASSERT_TRUE(fs::exists(std::string(ROTPROOF_BROWSER_DIR) + "/replaywebpage/sw.js"))
      << "run scripts/install-deps.sh --test";
  FakeOrigin origin;
  std::string dir = FreshDir("browser-pack");
  fs::create_directories(dir + "/blog");
  // The same banner, each post hot-linking it from another host: the
  // second post's URL has only a revisit in the package, so replaying it
  // follows the revisit to the first post's record.
  for (int n = 1; n <= 2; ++n)
    WriteFile(dir + "/blog/shared-" + std::to_string(n) + ".md",
              "---\ntitle: Shared " + std::to_string(n) + "\nthumbnail: https://cors.zfour.workers.dev/?http://cdn" +
                  std::to_string(n) + ".test/banner-same.png\n---\n![own](http://img.test/own-" + std::to_string(n) +
                  ".png)\n");
  for (const char* post : {"003-zaker-iphone13-38imgs", "013-bangumi-onepiece-lainbgm"})
    fs::copy_file(Fixture(std::string("posts/") + post + ".md"), dir + "/blog/" + post + ".md");
  ASSERT_EQ(ArchiveWith(origin, {dir + "/blog"}, dir + "/out").exit_code, 0);
  RunResult packed = RunProgram({Bin("rotproof"), "pack", dir + "/out", "-o", dir + "/blog.wacz"});
  ASSERT_EQ(packed.exit_code, 0) << packed.err;
  EXPECT_NE(packed.out.find(" 1 payloads stored once"), std::string::npos) << packed.out;

  std::vector<std::string> urls;
  for (const char* slug : {"003-zaker-iphone13-38imgs", "013-bangumi-onepiece-lainbgm", "shared-1", "shared-2"})
    urls.push_back(std::string("https://rotproof.invalid/") + slug + "/");
  std::vector<nlohmann::json> results = RunInChromium("replay_pages.mjs", {dir + "/blog.wacz"}, urls);
  ASSERT_EQ(results.size(), urls.size());
  for (const nlohmann::json& r : results) {
    SCOPED_TRACE(r.dump());
    EXPECT_GT(r["images"].get<size_t>(), 0u);
    EXPECT_EQ(r["loaded"], r["images"]);
    EXPECT_TRUE(r["network"].empty());
  }
  EXPECT_EQ(results[0]["images"], 39);
  EXPECT_EQ(results[3]["images"], 2);  // the shared banner, from a revisit, and its own picture
}

}  // namespace
}  // namespace rotproof
