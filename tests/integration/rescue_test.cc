// archive --rescue against an emulated web archive (FakeOrigin's CDX API,
// raw-bytes replay and Memento TimeMap on loopback), with the quirks real
// ones have: no capture, a capture that is an error page, captures that
// redirect to each other, and a 429 before the answer.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "archive_env.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;

// A post from mid-2020 whose pictures were all gone when it was archived.
const char kPost[] =
    "---\ntitle: Too late\ndate: 2020-06-02 08:00:00\n---\n"
    "![a](http://img.test/dead/a.png)\n![b](http://img.test/dead/nocapture.png)\n"
    "![c](http://img.test/dead/errorcapture.png)\n![d](http://img.test/dead/capturedredirect.png)\n"
    "![e](http://img.test/dead/cdx-busy.png)\n![f](http://img.test/alive.png)\n";

std::map<std::string, nlohmann::json> ByUrl(const nlohmann::json& manifest) {
  std::map<std::string, nlohmann::json> by;
  for (const auto& ref : manifest["references"]) by[ref["url"].get<std::string>()] = ref;
  return by;
}

TEST(RescueTest, DeadPicturesComeBackFromTheClosestUsableCapture) {
  FakeOrigin origin;
  std::string dir = FreshDir("rescue");
  fs::create_directories(dir + "/in");
  WriteFile(dir + "/in/late.md", kPost);
  RunResult r = ArchiveWith(origin, {dir + "/in/late.md"}, dir + "/out",
                            {"--rescue", "--rescue-cdx", "http://web.archive.test/cdx/search/cdx", "--rescue-replay",
                             "http://web.archive.test/web/", "--rescue-delay-ms", "0", "--retries", "1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // the picture no archive holds
  std::string wacz = dir + "/out/late.wacz";
  EXPECT_EQ(Verify(wacz).exit_code, 0);
  auto refs = ByUrl(ManifestOf(wacz));
  const std::string replay = "http://web.archive.test/web/";
  EXPECT_EQ(refs["http://img.test/dead/a.png"]["archived_url"],
            replay + "20200601000000id_/http://img.test/dead/a.png");  // the capture closest to the post's date
  EXPECT_EQ(refs["http://img.test/dead/nocapture.png"]["status"], "failed");
  // The 2020 capture is an error page: refused, and the 2015 one kept.
  EXPECT_EQ(refs["http://img.test/dead/errorcapture.png"]["archived_url"],
            replay + "20150101000000id_/http://img.test/dead/errorcapture.png");
  EXPECT_EQ(refs["http://img.test/dead/capturedredirect.png"]["status"], "archived");
  EXPECT_EQ(refs["http://img.test/dead/cdx-busy.png"]["status"], "archived");                 // after the 429
  EXPECT_EQ(refs["http://img.test/alive.png"]["archived_url"], "http://img.test/alive.png");  // never looked up
  // Provenance: which lookup, which capture, when.
  bool capture_named = false;
  for (const auto& c : refs["http://img.test/dead/a.png"]["candidates"])
    capture_named |= c["why"] == "web archive capture at 20200601000000" && c["outcome"] == "ok";
  EXPECT_TRUE(capture_named) << refs["http://img.test/dead/a.png"].dump(1);
  EXPECT_EQ(origin.RequestCount("http://img.test/alive.png"), 1);
  // The report counts them as from a web archive.
  nlohmann::json report = nlohmann::json::parse(ReadFile(dir + "/out/report.json"));
  EXPECT_EQ(report["totals"]["mirror"], 4);
  EXPECT_EQ(report["totals"]["dead"], 1);
}

TEST(RescueTest, MementoTimeMapIsTheOtherSource) {
  FakeOrigin origin;
  std::string dir = FreshDir("rescue-timemap");
  fs::create_directories(dir + "/in");
  WriteFile(dir + "/in/late.md", "---\ntitle: T\ndate: 2016-01-01\n---\n![a](http://img.test/dead/a.png)\n");
  RunResult r =
      ArchiveWith(origin, {dir + "/in/late.md"}, dir + "/out",
                  {"--rescue", "--rescue-timemap", "http://timetravel.test/timemap/link/", "--rescue-delay-ms", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto refs = ByUrl(ManifestOf(dir + "/out/late.wacz"));
  EXPECT_EQ(refs["http://img.test/dead/a.png"]["archived_url"],
            "http://web.archive.test/web/20150101000000id_/http://img.test/dead/a.png");  // 2016: 2015 is closer
}

// A corpus post whose every origin and proxy failed when it was archived:
// `rotproof rescue` captures it again from the article the archive holds,
// every picture now from the web archive.
TEST(RescueTest, RescueCommandRecapturesACorpusPostFromItsArchive) {
  FakeOrigin origin;
  std::string dir = FreshDir("rescue-command");
  std::string post = Fixture("posts/000-zaker-hunan-consumer-stations.md");
  // Every host unreachable (a closed port), but the web archive.
  const std::string web_archive = "web.archive.test:80:127.0.0.1:" + std::to_string(origin.port());
  RunResult dead = RunProgram(
      {Bin("rotproof"), "archive", post, "-o", dir + "/out", "--retries", "0", "--connect-to", "::127.0.0.1:9"});
  ASSERT_EQ(dead.exit_code, 1) << dead.err;
  EXPECT_EQ(ManifestOf(dir + "/out/000-zaker-hunan-consumer-stations.wacz")["references"][0]["status"], "failed");
  RunResult rescued = RunProgram({Bin("rotproof"), "rescue", dir + "/out", "-o", dir + "/rescued", "--rescue-cdx",
                                  "http://web.archive.test/cdx/search/cdx", "--rescue-replay",
                                  "http://web.archive.test/web/", "--rescue-delay-ms", "0", "--retries", "0",
                                  "--connect-to", web_archive, "--connect-to", "::127.0.0.1:9"});
  EXPECT_EQ(rescued.exit_code, 0) << rescued.out << rescued.err;
  EXPECT_NE(rescued.out.find("(6 of 6 references archived, 6 from a web archive)"), std::string::npos) << rescued.out;
  std::string wacz = dir + "/rescued/000-zaker-hunan-consumer-stations.wacz";
  EXPECT_EQ(Verify(wacz).exit_code, 0);
  nlohmann::json manifest = ManifestOf(wacz);
  for (const auto& ref : manifest["references"])
    EXPECT_EQ(ref["archived_url"].get<std::string>().rfind("http://web.archive.test/web/20", 0), 0u) << ref["url"];
}

// A package (rotproof pack) is rescued article by article: each comes out
// as its own archive again, under the name it was packed from.
TEST(RescueTest, APackageIsRescuedArticleByArticle) {
  FakeOrigin origin;
  std::string dir = FreshDir("rescue-package");
  fs::create_directories(dir + "/blog");
  fs::copy_file(Fixture("posts/000-zaker-hunan-consumer-stations.md"), dir + "/blog/stations.md");
  WriteFile(dir + "/blog/later.md", "---\ntitle: Later\ndate: 2020-06-02\n---\n![a](http://img.test/dead/a.png)\n");
  const std::vector<std::string> nowhere = {"--retries", "0", "--connect-to", "::127.0.0.1:9"};
  std::vector<std::string> archive = {Bin("rotproof"), "archive", dir + "/blog", "-o", dir + "/out"};
  archive.insert(archive.end(), nowhere.begin(), nowhere.end());
  ASSERT_EQ(RunProgram(archive).exit_code, 1);  // every picture dead
  ASSERT_EQ(RunProgram({Bin("rotproof"), "pack", dir + "/out", "-o", dir + "/blog.wacz"}).exit_code, 0);
  std::vector<std::string> rescue = {Bin("rotproof"),
                                     "rescue",
                                     dir + "/blog.wacz",
                                     "-o",
                                     dir + "/rescued",
                                     "--rescue-cdx",
                                     "http://web.archive.test/cdx/search/cdx",
                                     "--rescue-replay",
                                     "http://web.archive.test/web/",
                                     "--rescue-delay-ms",
                                     "0",
                                     "--connect-to",
                                     "web.archive.test:80:127.0.0.1:" + std::to_string(origin.port())};
  rescue.insert(rescue.end(), nowhere.begin(), nowhere.end());
  RunResult rescued = RunProgram(rescue);
  EXPECT_EQ(rescued.exit_code, 0) << rescued.out << rescued.err;
  EXPECT_NE(rescued.out.find("stations -> " + dir +
                             "/rescued/stations.wacz (6 of 6 references archived, 6 from a "
                             "web archive)"),
            std::string::npos)
      << rescued.out;
  EXPECT_NE(rescued.out.find("later -> " + dir +
                             "/rescued/later.wacz (1 of 1 references archived, 1 from a web "
                             "archive)"),
            std::string::npos)
      << rescued.out;
  for (const char* name : {"stations", "later"}) EXPECT_EQ(Verify(dir + "/rescued/" + name + ".wacz").exit_code, 0);
}

}  // namespace
}  // namespace rotproof
