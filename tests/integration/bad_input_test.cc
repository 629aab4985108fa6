// Bad input: one clear line naming the file, exit code 2, no output left.

#include <gtest/gtest.h>

#include <filesystem>

#include "archive_env.h"
#include "gzip.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;

// Files in `dir` other than the batch's report and journal.
size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    std::string name = it->path().filename().string();
    if (name != "report.json" && name != "report.html" && name != ".rotproof-journal.sqlite") ++n;
  }
  return n;
}

struct BadInput {
  std::string name;
  std::string input;
  std::string error;  // exact stderr
};

TEST(BadInputTest, EachGivesOneLineExitTwoAndNoOutput) {
  FakeOrigin origin;
  const std::vector<BadInput> cases = {
      {"missing", "/nonexistent/post.md", "rotproof: /nonexistent/post.md: no such file\n"},
      {"binary", Fixture("posts/binary.md"),
       "rotproof: " + Fixture("posts/binary.md") + ": binary file (contains NUL bytes), not an article\n"},
      {"yaml", Fixture("posts/broken-front-matter.md"),
       "rotproof: " + Fixture("posts/broken-front-matter.md") +
           ":4: front matter is not valid YAML: end of sequence flow not found\n"},
  };
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.name);
    std::string out = FreshDir("bad-" + c.name);
    RunResult r = ArchiveWith(origin, {c.input}, out);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, c.error);
    EXPECT_EQ(FilesIn(out), 0u);
  }
}

TEST(BadInputTest, OneBadInputDoesNotStopTheBatch) {
  FakeOrigin origin;
  std::string out = FreshDir("bad-batch");
  RunResult r = ArchiveWith(origin, {Fixture("posts/binary.md"), Fixture("posts/001-zaker-amd-pan-tiny.md")}, out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(std::filesystem::exists(out + "/001-zaker-amd-pan-tiny.wacz"));
  auto report = nlohmann::json::parse(ReadFile(out + "/report.json"));
  EXPECT_EQ(report["totals"]["articles"], 2);
  EXPECT_EQ(report["totals"]["articles_failed"], 1);
}

TEST(BadInputTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunProgram({Bin("rotproof"), "archive"}).exit_code, 2);
  EXPECT_EQ(RunProgram({Bin("rotproof-verify")}).exit_code, 2);
  // Every error says who speaks; an unknown command is named as one.
  RunResult unknown = RunProgram({Bin("rotproof"), "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(
      unknown.err.substr(0, unknown.err.find('\n')),
      "rotproof: unknown command 'frobnicate' (archive, restore, localize, check, rescue, report, pack, ls, keygen)");
  RunResult option = RunProgram({Bin("rotproof"), "archive", "--bogus"});
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_EQ(option.err.rfind("rotproof: ", 0), 0u) << option.err;
  RunResult version = RunProgram({Bin("rotproof"), "restore", "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, "rotproof " ROTPROOF_VERSION "\n");
}

// A call that can archive nothing makes no OUTDIR, journal or report; and a
// directory holding an earlier run's OUTDIR does not take its reports for
// articles.
TEST(BadInputTest, NothingToArchiveMakesNoOutputAndOutputsAreNoInputs) {
  FakeOrigin origin;
  std::string dir = FreshDir("bad-nothing");
  RunResult missing = ArchiveWith(origin, {dir + "/nosuch.md"}, dir + "/out");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir + "/out"));
  std::filesystem::create_directories(dir + "/blog");
  WriteFile(dir + "/blog/post.md", ReadFile(Fixture("posts/001-zaker-amd-pan-tiny.md")));
  RunResult first = ArchiveWith(origin, {dir + "/blog"}, dir + "/blog/out");
  ASSERT_TRUE(std::filesystem::exists(dir + "/blog/out/report.html"));
  RunResult again = ArchiveWith(origin, {dir + "/blog"}, dir + "/blog/out2");
  auto report = nlohmann::json::parse(ReadFile(dir + "/blog/out2/report.json"));
  EXPECT_EQ(report["totals"]["articles"], 1) << again.err;  // post.md, not out/report.html
}

TEST(BadInputTest, BadRulesFileNamesTheLine) {
  std::string dir = FreshDir("bad-rules");
  WriteFile(dir + "/rules.yaml", "rules:\n  - name: x\n    hosts: [a.b]\n    carrier: nope\n");
  RunResult r = RunProgram({Bin("rotproof"), "archive", "--rules", dir + "/rules.yaml", "-o", dir + "/out",
                            Fixture("posts/001-zaker-amd-pan-tiny.md")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "rotproof: " + dir +
                       "/rules.yaml:4: rule 'x': carrier must be query, param, path, host-path, path-param, hex-path, "
                       "github-route or github-blob\n");
}

TEST(BadInputTest, VerifierOnMissingAndNonZipFiles) {
  std::string dir = FreshDir("bad-verify");
  RunResult missing = Verify(dir + "/nope.wacz");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, dir + "/nope.wacz: UNREADABLE\n  E-UNREADABLE " + dir + "/nope.wacz: " + dir +
                             "/nope.wacz: no such file\n");
  WriteFile(dir + "/text.wacz", "this is not a zip file at all\n");
  RunResult text = Verify(dir + "/text.wacz");
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_NE(text.out.find("not a web archive: neither a WACZ, a WARC nor a .warc.gz"), std::string::npos) << text.out;
  // Other archive formats are named, not reported as broken WARCs: an ARC
  // file's header (the Internet Archive's ARC v1 spec), gzipped as .arc.gz
  // files are, and a zstandard frame (.warc.zst).
  WriteFile(dir + "/crawl.arc",
            "filedesc://IA-001102.arc 0 19960923142103 text/plain 76\n1 0 Alexa Internet\n"
            "URL IP-address Archive-date Content-type Archive-length\n\n");
  RunResult arc = Verify(dir + "/crawl.arc");
  EXPECT_EQ(arc.exit_code, 2);
  EXPECT_NE(arc.out.find("not a WARC file: ARC v1"), std::string::npos) << arc.out;
  WriteFile(dir + "/crawl.arc.gz", testing::Gzip(testing::ReadFile(dir + "/crawl.arc")));
  EXPECT_NE(Verify(dir + "/crawl.arc.gz").out.find("not a WARC file: ARC v1"), std::string::npos);
  WriteFile(dir + "/crawl.warc.zst", std::string("\x28\xB5\x2F\xFD\x00\x00", 6));
  RunResult zst = Verify(dir + "/crawl.warc.zst");
  EXPECT_EQ(zst.exit_code, 2);
  EXPECT_NE(zst.out.find("not a WARC 1.1 file: a zstandard-compressed WARC"), std::string::npos) << zst.out;
}

}  // namespace
}  // namespace rotproof
