// Archive → verify → restore through the real binaries, against a real HTTP
// server on 127.0.0.1 that stands in for every origin and proxy.

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "archive_env.h"
#include "rotproof/reference.h"
#include "rotproof/resolve.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;

const std::vector<std::string> kPosts = {
    "000-zaker-hunan-consumer-stations", "001-zaker-amd-pan-tiny",        "003-zaker-iphone13-38imgs",
    "004-dockone-redis-operator",        "008-codeceo-jvm-bug-noproxy",   "009-codeceo-vm-proxied-same-host",
    "013-bangumi-onepiece-lainbgm",      "016-jandan-bang-custom-suffix", "017-jandan-sinaimg-mw690",
    "018-pmcaff-noext-style-block",      "019-oschina-alda-gotolink",     "020-fork-hajeekn-bangumi-cue"};

std::vector<Reference> RefsOf(const std::string& path, Article* article) {
  auto a = LoadArticle(path);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  *article = *a;
  return ScanArticle(*a, ExtractOptions()).references;
}

TEST(EndToEndTest, CorpusPostsArchiveVerifyAndRestoreOffline) {
  FakeOrigin origin;
  ASSERT_GT(origin.port(), 0);
  std::string dir = FreshDir("e2e");
  std::vector<std::string> inputs;
  for (const auto& p : kPosts) inputs.push_back(Fixture("posts/" + p + ".md"));
  RunResult archived = ArchiveWith(origin, inputs, dir + "/out", {"--jobs", "8"});
  ASSERT_EQ(archived.exit_code, 0) << archived.out << archived.err;

  for (const std::string& post : kPosts) {
    SCOPED_TRACE(post);
    std::string wacz = dir + "/out/" + post + ".wacz";
    RunResult verified = Verify(wacz);
    EXPECT_EQ(verified.exit_code, 0) << verified.out;
    EXPECT_EQ(verified.out.find(wacz + ": OK ("), 0u) << verified.out;

    RunResult restored = RunProgram({Bin("rotproof"), "restore", wacz, "-o", dir + "/restored"});
    ASSERT_EQ(restored.exit_code, 0) << restored.err;
    std::string article_dir = dir + "/restored/" + post;

    Article original, rewritten;
    std::vector<Reference> before = RefsOf(Fixture("posts/" + post + ".md"), &original);
    std::vector<Reference> after = RefsOf(article_dir + "/index.md", &rewritten);
    ASSERT_EQ(before.size(), after.size());
    ASSERT_FALSE(before.empty());
    size_t end_before = 0, end_after = 0;
    for (size_t i = 0; i < before.size(); ++i) {
      // Outside the spans, not one byte differs.
      EXPECT_EQ(original.bytes.substr(end_before, before[i].span.begin - end_before),
                rewritten.bytes.substr(end_after, after[i].span.begin - end_after));
      end_before = before[i].span.end;
      end_after = after[i].span.end;
      // Each reference now names a local file holding exactly the origin's bytes.
      ASSERT_EQ(after[i].url.rfind("assets/", 0), 0u) << after[i].url;
      std::string origin_url = ResolveCandidates(before, RuleSet::Defaults(), {})[i][0].url;
      EXPECT_EQ(ReadFile(article_dir + "/" + after[i].url), FakeOrigin::BodyFor(origin_url)) << before[i].url;
    }
    EXPECT_EQ(original.bytes.substr(end_before), rewritten.bytes.substr(end_after));
  }
  // The whole OUTDIR at once: a reader page per post, every picture it shows
  // a restored file, and the collection index linking each of them.
  RunResult collection = RunProgram({Bin("rotproof"), "restore", dir + "/out", "-o", dir + "/collection"});
  ASSERT_EQ(collection.exit_code, 0) << collection.err;
  std::string index = ReadFile(dir + "/collection/index.html");
  EXPECT_NE(index.find(std::to_string(kPosts.size()) + " articles"), std::string::npos);
  std::regex link("<td><a href=\"([^\"]+)\">"), image("<img[^>]* src=\"([^\"]*)\"");
  size_t linked = 0, images = 0;
  for (std::sregex_iterator it(index.begin(), index.end(), link), end; it != end; ++it, ++linked) {
    fs::path page = fs::path(dir + "/collection") / (*it)[1].str();
    std::string html = ReadFile(page.string());
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos) << page;
    for (std::sregex_iterator im(html.begin(), html.end(), image); im != end; ++im, ++images)
      EXPECT_TRUE(fs::is_regular_file(page.parent_path() / (*im)[1].str())) << page << " " << (*im)[1];
  }
  EXPECT_EQ(linked, kPosts.size());
  EXPECT_GT(images, kPosts.size());
  // One request per unique URL, even when several references and posts share it.
  EXPECT_EQ(origin.RequestCount("http://zkres2.myzaker.com/202208/630f28b98e9f091bfa7f620f_1024.jpg"), 1);
  // Nothing but the archives, the reports and the journal is left in the output directory.
  size_t archives = 0;
  for (const auto& e : fs::directory_iterator(dir + "/out")) {
    std::string name = e.path().filename().string();
    if (e.path().extension() == ".wacz") {
      ++archives;
    } else {
      EXPECT_TRUE(name == "report.json" || name == "report.html" || name == ".rotproof-journal.sqlite") << name;
    }
  }
  EXPECT_EQ(archives, kPosts.size());
}

TEST(EndToEndTest, DeadImageIsRecordedNotFatal) {
  FakeOrigin origin;
  std::string dir = FreshDir("dead");
  RunResult archived = ArchiveWith(origin, {Fixture("posts/dead-image.md")}, dir + "/out");
  EXPECT_EQ(archived.exit_code, 1);
  EXPECT_NE(archived.out.find("(2 of 3 references archived)"), std::string::npos) << archived.out;
  EXPECT_NE(archived.out.find("  failed img@src http://cors.zfour.workers.dev/?http://img.example.com/dead.jpg: "
                              "http://img.example.com/dead.jpg: HTTP 404; "
                              "http://cors.zfour.workers.dev/?http://img.example.com/dead.jpg: HTTP 404\n"),
            std::string::npos)
      << archived.out;
  std::string wacz = dir + "/out/dead-image.wacz";
  RunResult verified = Verify(wacz);
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_NE(verified.out.find("W-MISSING-ASSET manifest reference 2: img@src "
                              "http://cors.zfour.workers.dev/?http://img.example.com/dead.jpg: "
                              "not archived at capture"),
            std::string::npos)
      << verified.out;
  EXPECT_EQ(Verify(wacz, {"--require-complete"}).exit_code, 1);

  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", wacz, "-o", dir + "/restored"}).exit_code, 0);
  std::string restored = ReadFile(dir + "/restored/dead-image/index.md");
  EXPECT_NE(restored.find("<img src=\"http://cors.zfour.workers.dev/?http://img.example.com/dead.jpg\">"),
            std::string::npos);
  // The origin serves PNG bytes under .jpg: the name follows the bytes.
  EXPECT_NE(restored.find("<img src=\"assets/live.png\">"), std::string::npos) << restored;
  EXPECT_EQ(ReadFile(dir + "/restored/dead-image/assets/live.png"),
            FakeOrigin::BodyFor("http://img.example.com/live.jpg"));
}

TEST(EndToEndTest, NonUtf8PostIsArchivedByteForByte) {
  FakeOrigin origin;
  std::string dir = FreshDir("gbk");
  RunResult archived = ArchiveWith(origin, {Fixture("posts/gbk-post.md")}, dir + "/out");
  ASSERT_EQ(archived.exit_code, 0) << archived.err;
  EXPECT_EQ(Verify(dir + "/out/gbk-post.wacz").exit_code, 0);
  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", dir + "/out/gbk-post.wacz", "-o", dir + "/r"}).exit_code, 0);
  std::string original = ReadFile(Fixture("posts/gbk-post.md"));
  std::string restored = ReadFile(dir + "/r/gbk-post/index.md");
  size_t at = original.find("http://img.example.com/gbk.jpg");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(restored, original.substr(0, at) + "assets/gbk.png" + original.substr(at + 30));
}

// Robust Links: the rewritten <img> keeps its original URL and the capture's
// day as attributes; the verifier accepts exactly that insertion.
TEST(EndToEndTest, RobustLinksKeepTheOriginalUrlOnRewrittenElements) {
  FakeOrigin origin;
  std::string dir = FreshDir("robust-links");
  std::string post = Fixture("posts/000-zaker-hunan-consumer-stations.md");
  RunResult archived = ArchiveWith(origin, {post}, dir + "/out", {"--robust-links"});
  ASSERT_EQ(archived.exit_code, 0) << archived.err;
  std::string wacz = dir + "/out/000-zaker-hunan-consumer-stations.wacz";
  RunResult verified = Verify(wacz);
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", wacz, "-o", dir + "/r"}).exit_code, 0);
  std::string restored = ReadFile(dir + "/r/000-zaker-hunan-consumer-stations/index.md");
  // Once per element, after its first rewritten attribute (here the origin in data-original).
  EXPECT_NE(restored.find("data-original=\"assets/630f28b98e9f091bfa7f620f_1024.png\" data-originalurl=\"http://"
                          "zkres2.myzaker.com/202208/630f28b98e9f091bfa7f620f_1024.jpg\" data-versiondate=\""),
            std::string::npos)
      << restored;
  size_t marks = 0;
  for (size_t at = restored.find("data-originalurl"); at != std::string::npos;
       at = restored.find("data-originalurl", at + 1))
    ++marks;
  EXPECT_EQ(marks, 2u);  // the post's two <img>; its front-matter headimg is no element
  // Without the flag, not one attribute is added.
  RunResult plain = ArchiveWith(origin, {post}, dir + "/plain", {});
  ASSERT_EQ(plain.exit_code, 0);
  ASSERT_EQ(
      RunProgram({Bin("rotproof"), "restore", dir + "/plain/000-zaker-hunan-consumer-stations.wacz", "-o", dir + "/r2"})
          .exit_code,
      0);
  EXPECT_EQ(ReadFile(dir + "/r2/000-zaker-hunan-consumer-stations/index.md").find("data-originalurl"),
            std::string::npos);
}

TEST(EndToEndTest, RestoreRefusesToOverwrite) {
  FakeOrigin origin;
  std::string dir = FreshDir("overwrite");
  ASSERT_EQ(ArchiveWith(origin, {Fixture("posts/001-zaker-amd-pan-tiny.md")}, dir + "/out").exit_code, 0);
  std::string wacz = dir + "/out/001-zaker-amd-pan-tiny.wacz";
  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", wacz, "-o", dir + "/r"}).exit_code, 0);
  RunResult again = RunProgram({Bin("rotproof"), "restore", wacz, "-o", dir + "/r"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err,
            "rotproof: " + dir + "/r/001-zaker-amd-pan-tiny: already exists; restore refuses to overwrite\n");
}

TEST(EndToEndTest, SameInputsAndSourceDateEpochGiveByteIdenticalArchives) {
  std::string dir = FreshDir("deterministic");
  std::vector<std::string> posts = {Fixture("posts/000-zaker-hunan-consumer-stations.md"),
                                    Fixture("posts/003-zaker-iphone13-38imgs.md")};
  for (const char* run : {"a", "b"}) {
    FakeOrigin origin;  // a fresh server: the same bytes, headers included
    std::vector<std::string> argv = {Bin("rotproof"), "archive",          "-o",     dir + "/" + run,
                                     "--connect-to",  origin.ConnectTo(), "--jobs", "1"};
    argv.insert(argv.end(), posts.begin(), posts.end());
    ASSERT_EQ(RunProgram(argv, {"SOURCE_DATE_EPOCH=1661908980"}).exit_code, 0);
  }
  for (const char* name : {"000-zaker-hunan-consumer-stations.wacz", "003-zaker-iphone13-38imgs.wacz"}) {
    std::string a = ReadFile(dir + "/a/" + name), b = ReadFile(dir + "/b/" + name);
    ASSERT_FALSE(a.empty());
    EXPECT_TRUE(a == b) << name << " differs between runs";
  }
  nlohmann::json m = ManifestOf(dir + "/a/000-zaker-hunan-consumer-stations.wacz");
  EXPECT_EQ(m["article"]["captured_at"], "2022-08-31T01:23:00Z");
}

// Reference counts per fixture, as listed in ../shared/corpus/INDEX.tsv.
// INDEX.tsv's counts, but for Dockone's post: its three <a href> links to
// the full-size pictures are references too now (issue 13), 5 + 3.
TEST(EndToEndTest, ExtractionFindsEveryReferenceTheCorpusIndexLists) {
  const std::vector<std::pair<std::string, size_t>> expected = {
      {"000-zaker-hunan-consumer-stations", 6}, {"001-zaker-amd-pan-tiny", 4},
      {"003-zaker-iphone13-38imgs", 78},        {"004-dockone-redis-operator", 8},
      {"008-codeceo-jvm-bug-noproxy", 21},      {"009-codeceo-vm-proxied-same-host", 10},
      {"013-bangumi-onepiece-lainbgm", 3},      {"016-jandan-bang-custom-suffix", 3},
      {"017-jandan-sinaimg-mw690", 4},          {"018-pmcaff-noext-style-block", 9},
      {"019-oschina-alda-gotolink", 3},         {"020-fork-hajeekn-bangumi-cue", 3},
      {"024-baidu-down-vuepress-tiny", 1},      {"026-i0wp-esxi-figure-tiny", 3},
      {"028-i0wp-srcset-wordpress-export", 7}};
  for (const auto& [post, count] : expected) {
    Article a;
    EXPECT_EQ(RefsOf(Fixture("posts/" + post + ".md"), &a).size(), count) << post;
  }
}

}  // namespace
}  // namespace rotproof
