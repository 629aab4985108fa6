// rotproof localize through the real binary against a real HTTP server:
// a blog fixed in place, a dry run that changes nothing, a re-run that
// fetches nothing, and an undo that gives back the tree byte for byte.

#include "rotproof/localize.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "archive_env.h"
#include "rotproof/sqlite.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;

// Every regular file under `root`, by relative path, with its bytes.
std::map<std::string, std::string> Tree(const std::string& root) {
  std::map<std::string, std::string> tree;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = fs::relative(e.path(), root).generic_string();
    tree[rel] = e.is_regular_file() ? ReadFile(e.path().string()) : "<dir>";
  }
  return tree;
}

RunResult Localize(const FakeOrigin& origin, const std::string& site, std::vector<std::string> extra) {
  std::vector<std::string> argv = {Bin("rotproof"),    "localize",  site, "--connect-to",
                                   origin.ConnectTo(), "--retries", "0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return RunProgram(argv);
}

// A Hexo blog as corpus post 000 hot-links its pictures: through the zfour
// proxy in the front matter and the body, the origin again in data-original.
const char kProxiedPost[] =
    "---\ntitle: Stations\ndate: 2022-08-31 10:00:00\n"
    "headimg: https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202208/630f28b98e9f091bfa7f620f_1024.jpg\n"
    "---\nBefore.\n\n"
    "<img src=\"https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202208/630f28ba8e9f091bfa7f6210_1024.jpg\" "
    "data-original=\"http://zkres2.myzaker.com/202208/630f28ba8e9f091bfa7f6210_1024.jpg\">\n\n"
    "![plain](http://img.test/plain.png) after.\n";
const char kDeadPost[] = "---\ntitle: Gone\n---\n![x](http://img.test/dead/x.png)\n";

class LocalizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshDir("localize");
    site_ = dir_ + "/blog";
    fs::create_directories(site_ + "/scaffolds");
    fs::create_directories(site_ + "/source/_posts");
    WriteFile(site_ + "/_config.yml", "url: https://blog.example/sub\nroot: /sub/\n");
    WriteFile(site_ + "/source/_posts/stations.md", kProxiedPost);
    WriteFile(site_ + "/source/_posts/gone.md", kDeadPost);
  }
  std::string dir_, site_;
};

TEST_F(LocalizeTest, DryRunLocalizeRerunAndUndo) {
  FakeOrigin origin;
  const std::map<std::string, std::string> before = Tree(site_);

  RunResult dry = Localize(origin, site_, {"--dry-run"});
  EXPECT_EQ(dry.exit_code, 1) << dry.err;  // the dead post's reference
  EXPECT_NE(dry.out.find("--- a/source/_posts/stations.md\n+++ b/source/_posts/stations.md\n"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("\n-![plain](http://img.test/plain.png) after.\n+![plain](/sub/images/stations/plain.png) "
                         "after.\n"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("left source/_posts/gone.md: no reference could be archived"), std::string::npos);
  EXPECT_EQ(Tree(site_), before);  // nothing changed, not even a ledger

  RunResult done = Localize(origin, site_, {"-o", dir_ + "/archives"});
  EXPECT_EQ(done.exit_code, 1) << done.err;
  EXPECT_NE(done.out.find("localized source/_posts/stations.md (4 of 4 references)"), std::string::npos) << done.out;
  std::string post = ReadFile(site_ + "/source/_posts/stations.md");
  EXPECT_EQ(post,
            "---\ntitle: Stations\ndate: 2022-08-31 10:00:00\n"
            "headimg: /sub/images/stations/630f28b98e9f091bfa7f620f_1024.png\n"
            "---\nBefore.\n\n"
            "<img src=\"/sub/images/stations/630f28ba8e9f091bfa7f6210_1024.png\" "
            "data-original=\"/sub/images/stations/630f28ba8e9f091bfa7f6210_1024.png\">\n\n"
            "![plain](/sub/images/stations/plain.png) after.\n");
  EXPECT_EQ(ReadFile(site_ + "/source/images/stations/plain.png"), FakeOrigin::BodyFor("http://img.test/plain.png"));
  EXPECT_EQ(ReadFile(site_ + "/source/_posts/gone.md"), kDeadPost);  // all its references failed: untouched
  EXPECT_TRUE(fs::exists(dir_ + "/archives/stations.wacz"));

  // Again: nothing new is fetched, nothing changes.
  int fetched = origin.RequestCount("http://img.test/plain.png");
  std::map<std::string, std::string> localized = Tree(site_);
  RunResult again = Localize(origin, site_, {"-o", dir_ + "/archives2"});
  EXPECT_NE(again.out.find("0 posts localized, 1 already localized"), std::string::npos) << again.out;
  EXPECT_EQ(origin.RequestCount("http://img.test/plain.png"), fetched);
  EXPECT_EQ(Tree(site_), localized);

  RunResult undo = RunProgram({Bin("rotproof"), "localize", "--undo", site_});
  EXPECT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(Tree(site_), before);  // byte for byte, no asset, directory or ledger left
}

TEST_F(LocalizeTest, UndoLeavesAPostEditedSinceAndSaysSo) {
  FakeOrigin origin;
  ASSERT_EQ(Localize(origin, site_, {"-o", dir_ + "/archives"}).exit_code, 1);
  WriteFile(site_ + "/source/_posts/stations.md", ReadFile(site_ + "/source/_posts/stations.md") + "A new line.\n");
  RunResult undo = RunProgram({Bin("rotproof"), "localize", "--undo", site_});
  EXPECT_EQ(undo.exit_code, 1);
  EXPECT_NE(undo.err.find("source/_posts/stations.md: edited since it was localized; left as it is"), std::string::npos)
      << undo.err;
  EXPECT_TRUE(fs::exists(site_ + "/.rotproof/localize.sqlite"));  // its record is kept for a later undo
}

// The ledger is a file in the user's tree: a record someone edited (here an
// offset no integer can hold) is named and left, the rest undone.
TEST_F(LocalizeTest, UndoLeavesAPostWhoseRecordIsDamagedAndSaysSo) {
  FakeOrigin origin;
  WriteFile(site_ + "/source/_posts/plain.md", "---\ntitle: Plain\n---\n![p](http://img.test/plain.png)\n");
  ASSERT_EQ(Localize(origin, site_, {"-o", dir_ + "/archives"}).exit_code, 1);
  const std::string localized = ReadFile(site_ + "/source/_posts/stations.md");
  auto db = SqliteDb::Open(site_ + "/.rotproof/localize.sqlite");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("UPDATE posts SET record = '{\"undo\":[[1e300,0,\"x\"]]}' WHERE post LIKE '%stations.md'").ok());
  RunResult undo = RunProgram({Bin("rotproof"), "localize", "--undo", site_});
  EXPECT_EQ(undo.exit_code, 1) << undo.err;
  EXPECT_NE(
      undo.err.find("source/_posts/stations.md: its record in .rotproof/localize.sqlite is damaged; left as it is"),
      std::string::npos)
      << undo.err;
  EXPECT_EQ(ReadFile(site_ + "/source/_posts/stations.md"), localized);
  EXPECT_EQ(ReadFile(site_ + "/source/_posts/plain.md"), "---\ntitle: Plain\n---\n![p](http://img.test/plain.png)\n");
}

// Each engine's place for a post's pictures, read back by the engine's own
// URL rules (docs/sites.md): what the reference reads is where the file is served.
TEST(LocalizePathsTest, EachEngineServesTheAssetsWhereTheReferencesPoint) {
  Site hexo{Site::Engine::kHexo, "/s", "https://b.example/blog/", ":year/:title/", true, ""};
  auto p = InPlacePaths(hexo, "source/_posts/trip.md", "trip");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->assets_dir, "source/_posts/trip");  // the post asset folder, by bare name
  EXPECT_EQ(p->prefix, "");
  hexo.post_asset_folder = false;
  p = InPlacePaths(hexo, "source/_posts/trip.md", "trip");
  EXPECT_EQ(p->assets_dir, "source/images/trip");  // source/ is served at the site's root
  EXPECT_EQ(p->prefix, "/blog/images/trip/");
  Site hugo{Site::Engine::kHugo, "/s", "https://b.example/", "", false, ""};
  p = InPlacePaths(hugo, "content/posts/trip/index.md", "trip");
  EXPECT_EQ(p->assets_dir, "content/posts/trip");  // a page bundle's resources
  EXPECT_EQ(p->prefix, "");
  p = InPlacePaths(hugo, "content/posts/trip.md", "trip");
  EXPECT_EQ(p->assets_dir, "static/images/trip");
  EXPECT_EQ(p->prefix, "/images/trip/");
  Site jekyll{Site::Engine::kJekyll, "/s", "https://u.github.io/repo/", "", false, ""};
  p = InPlacePaths(jekyll, "_posts/2021-06-05-trip.md", "trip");
  EXPECT_EQ(p->assets_dir, "assets/images/trip");
  EXPECT_EQ(p->prefix, "/repo/assets/images/trip/");
  Site vault{Site::Engine::kObsidian, "/s", "", "", false, "./att"};
  EXPECT_EQ(InPlacePaths(vault, "note.md", "note").status().code(), Status::Code::kInvalidInput);
}

// A Hugo page bundle: the pictures land beside its index.md, named bare,
// and the archives re-read the localized post from disk, fetching nothing.
TEST(LocalizeHugoTest, PageBundleGetsItsPicturesBeside) {
  FakeOrigin origin;
  std::string site = FreshDir("localize-hugo");
  fs::create_directories(site + "/content/posts/trip");
  WriteFile(site + "/hugo.toml", "baseURL = 'https://b.example/'\n");
  WriteFile(site + "/content/posts/trip/index.md", "---\ntitle: Trip\n---\n![a](http://img.test/a.png)\n");
  RunResult done = Localize(origin, site, {"-o", site + "/../localize-hugo-archives"});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_EQ(ReadFile(site + "/content/posts/trip/index.md"), "---\ntitle: Trip\n---\n![a](a.png)\n");
  EXPECT_EQ(ReadFile(site + "/content/posts/trip/a.png"), FakeOrigin::BodyFor("http://img.test/a.png"));
  RunResult explained = RunProgram({Bin("rotproof"), "archive", "--explain", site + "/content/posts/trip/index.md"});
  EXPECT_NE(explained.out.find("local file of the hugo site"), std::string::npos) << explained.out;
}

TEST_F(LocalizeTest, NotASiteIsAOneLineError) {
  RunResult r = RunProgram({Bin("rotproof"), "localize", dir_, "-o", dir_ + "/a"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "rotproof: " + dir_ + ": not a Hexo, Hugo or Jekyll site (no config file here)\n");
  RunResult undo = RunProgram({Bin("rotproof"), "localize", "--undo", site_});
  EXPECT_EQ(undo.exit_code, 2);
  EXPECT_NE(undo.err.find("nothing localized here"), std::string::npos);
}

}  // namespace
}  // namespace rotproof
