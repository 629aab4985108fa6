// Whole blogs: directories, URL lists of live pages, shards, a batch killed
// with SIGKILL and resumed, and the link-rot report against its schema.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "archive_env.h"
#include "rotproof/digest.h"
#include "rotproof/inputs.h"
#include "rotproof/journal.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;

const std::vector<std::string> kGoodPosts = {"000-zaker-hunan-consumer-stations",
                                             "001-zaker-amd-pan-tiny",
                                             "004-dockone-redis-operator",
                                             "008-codeceo-jvm-bug-noproxy",
                                             "013-bangumi-onepiece-lainbgm",
                                             "016-jandan-bang-custom-suffix",
                                             "017-jandan-sinaimg-mw690",
                                             "018-pmcaff-noext-style-block",
                                             "019-oschina-alda-gotolink",
                                             "020-fork-hajeekn-bangumi-cue",
                                             "dead-image",
                                             "gbk-post"};

// A Hexo-like tree: source/_posts/<category>/<post>.md, and a page.
std::string MakeBlog(const std::string& dir) {
  std::string root = dir + "/blog";
  for (size_t i = 0; i < kGoodPosts.size(); ++i) {
    std::string sub = root + "/source/_posts/" + (i % 2 ? "news" : "tech/deep");
    fs::create_directories(sub);
    fs::copy_file(Fixture("posts/" + kGoodPosts[i] + ".md"), sub + "/" + kGoodPosts[i] + ".md");
  }
  WriteFile(root + "/source/about.html", "<html><body><img src=\"http://img.test/about.png\"></body></html>");
  WriteFile(root + "/source/notes.txt", "not an article");
  return root;
}

RunResult ValidateReport(const std::string& report) {
  std::string interop = ROTPROOF_INTEROP_DIR;
  return RunProgram({"/usr/bin/env", "node", interop + "/validate_schema.mjs",
                     std::string(ROTPROOF_SCHEMAS) + "/report.schema.json", report});
}

TEST(BatchTest, DirectoryOfPostsWithReport) {
  FakeOrigin origin;
  std::string dir = FreshDir("batch-dir");
  std::string blog = MakeBlog(dir);
  RunResult r = ArchiveWith(origin, {blog}, dir + "/out", {"--json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // dead-image.md has a dead image, on purpose
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report, nlohmann::json::parse(ReadFile(dir + "/out/report.json")));
  EXPECT_EQ(report["totals"]["articles"], kGoodPosts.size() + 1);
  EXPECT_EQ(report["totals"]["articles_failed"], 0);
  EXPECT_EQ(report["totals"]["dead"], 1);
  EXPECT_EQ(report["totals"]["proxy"], 0);
  for (const auto& a : report["articles"]) {
    EXPECT_EQ(Verify(a["archive"]).exit_code, 0) << a["archive"];
    if (a["input"].get<std::string>().ends_with("dead-image.md")) {
      EXPECT_EQ(a["dead"][0]["url"], "http://cors.zfour.workers.dev/?http://img.example.com/dead.jpg");
      EXPECT_EQ(a["dead"][0]["reason"],
                "http://img.example.com/dead.jpg: HTTP 404; "
                "http://cors.zfour.workers.dev/?http://img.example.com/dead.jpg: HTTP 404");
    }
  }
  std::string html = ReadFile(dir + "/out/report.html");
  EXPECT_NE(html.find("1 dead"), std::string::npos);
  EXPECT_NE(html.find("http://img.example.com/dead.jpg: HTTP 404"), std::string::npos);
  RunResult schema = ValidateReport(dir + "/out/report.json");
  EXPECT_EQ(schema.exit_code, 0) << schema.out << schema.err;
}

TEST(BatchTest, UrlListOfLivePagesWithStylesheets) {
  FakeOrigin origin;
  std::string dir = FreshDir("batch-urls");
  WriteFile(dir + "/urls.txt",
            "# live articles\nhttp://blog.test/page-1.html\n\n  http://blog.test/page-2.html  \n"
            "http://blog.test/dead-page-3.html\n");
  RunResult r = ArchiveWith(origin, {}, dir + "/out", {"--urls", dir + "/urls.txt"});
  EXPECT_EQ(r.exit_code, 1);  // the dead page
  EXPECT_EQ(r.err, "rotproof: http://blog.test/dead-page-3.html: HTTP 404\n");
  for (const char* page : {"page-1", "page-2"}) {
    std::string wacz = dir + "/out/" + page + ".wacz";
    ASSERT_EQ(Verify(wacz).exit_code, 0) << page;
    nlohmann::json m = ManifestOf(wacz);
    std::set<std::string> where;
    for (const auto& ref : m["references"]) {
      where.insert(ref["where"].get<std::string>());
      EXPECT_EQ(ref["status"], "archived") << ref["url"];
    }
    EXPECT_EQ(where, (std::set<std::string>{"link@href", "img@src", "source@srcset", "style@url"}));
    ASSERT_EQ(m["stylesheet_assets"].size(), 2u);
    EXPECT_EQ(m["stylesheet_assets"][1]["archived_url"], "http://blog.test/logo.png");
    // The page itself is recorded as the exchange that served it, and replays at its URL.
    bool page_recorded = false;
    for (const auto& rec : RecordsOf(wacz))
      page_recorded |= rec.Field("WARC-Type") == "response" &&
                       rec.Field("WARC-Target-URI") == std::string("http://blog.test/") + page + ".html";
    EXPECT_TRUE(page_recorded);
    ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", wacz, "-o", dir + "/r"}).exit_code, 0);
    std::string rewritten = ReadFile(dir + "/r/" + page + "/article.html");
    EXPECT_NE(rewritten.find("<base href=\"./\">"), std::string::npos) << rewritten;
    EXPECT_NE(rewritten.find("url('assets/bg-"), std::string::npos) << rewritten;
    // The reader page beside it: the same article, no <base> (the policy forbids one).
    std::string reader = ReadFile(dir + "/r/" + page + "/index.html");
    EXPECT_EQ(reader.find("<base"), std::string::npos) << reader;
    EXPECT_NE(reader.find("url('assets/bg-"), std::string::npos) << reader;
    EXPECT_EQ(ReadFile(dir + "/r/" + page + "/assets/style-" + std::string(page).substr(5) + ".css"),
              "body { background: url(css-bg.png) }\n.logo { background-image: url(\"logo.png\") }\n");
  }
  // One stylesheet image, shared by both pages, was downloaded once.
  EXPECT_EQ(origin.RequestCount("http://blog.test/img/css-bg.png"), 1);
  // <base href="/articles/"> was respected.
  EXPECT_EQ(origin.RequestCount("http://blog.test/articles/img/photo-1.png"), 1);
}

// A url() inside a fetched stylesheet goes through the same resolution as
// every other reference: a proxied one is fetched from its origin first.
TEST(BatchTest, ProxiedUrlsInsideStylesheetsAreUnwrapped) {
  FakeOrigin origin;
  std::string dir = FreshDir("batch-css-proxy");
  WriteFile(dir + "/post.html",
            "<html><head><link rel=\"stylesheet\" href=\"http://blog.test/proxied-style.css\"></head>"
            "<body><p>text</p></body></html>\n");
  RunResult r = ArchiveWith(origin, {dir + "/post.html"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(origin.RequestCount("http://img.example.com/css-hero.png"), 1);
  nlohmann::json m = ManifestOf(dir + "/out/post.wacz");
  ASSERT_EQ(m["stylesheet_assets"].size(), 1u);
  const auto& asset = m["stylesheet_assets"][0];
  EXPECT_EQ(asset["status"], "archived");
  EXPECT_EQ(asset["archived_url"], "http://img.example.com/css-hero.png");
  ASSERT_EQ(asset["candidates"].size(), 2u);
  EXPECT_NE(asset["candidates"][0]["why"].get<std::string>().find("unwrapped by rule"), std::string::npos);
  EXPECT_EQ(asset["candidates"][1]["url"], "https://images.weserv.nl/?url=http://img.example.com/css-hero.png");
  EXPECT_EQ(asset["candidates"][1]["outcome"], "not tried");
}

// A proxy no rule names: the origin embedded in its URL is tried first, and
// a guess whose bytes are not an image costs one request, never a wrong
// archive: the URL as written is tried next.
TEST(BatchTest, StructuralGuessesMustServeAnImage) {
  FakeOrigin origin;
  std::string dir = FreshDir("batch-structure");
  WriteFile(dir + "/post.md",
            "![](http://resizer.test/fetch/w_300/http://img.example.com/photo.png)\n\n"
            "![](http://resizer.test/fetch/w_300/http://img.example.com/not-an-image.css)\n");
  RunResult r = ArchiveWith(origin, {dir + "/post.md"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json m = ManifestOf(dir + "/out/post.wacz");
  ASSERT_EQ(m["references"].size(), 2u);
  const auto& photo = m["references"][0];
  EXPECT_EQ(photo["archived_url"], "http://img.example.com/photo.png");
  EXPECT_EQ(photo["candidates"][0]["why"], "origin (by structure: path)");
  const auto& css = m["references"][1];
  EXPECT_EQ(css["candidates"][0]["url"], "http://img.example.com/not-an-image.css");
  EXPECT_NE(css["candidates"][0]["outcome"].get<std::string>().find("not an image"), std::string::npos)
      << css["candidates"][0]["outcome"];
  EXPECT_EQ(css["archived_url"], "http://resizer.test/fetch/w_300/http://img.example.com/not-an-image.css");
  EXPECT_EQ(origin.RequestCount("http://img.example.com/not-an-image.css"), 1);
  EXPECT_EQ(origin.RequestCount("http://resizer.test/fetch/w_300/http://img.example.com/photo.png"), 0);
  // The report names the host no rule knows, with a rule ready to paste.
  nlohmann::json report = nlohmann::json::parse(ReadFile(dir + "/out/report.json"));
  ASSERT_EQ(report["structural_hosts"].size(), 1u) << report.dump(1);
  EXPECT_EQ(report["structural_hosts"][0]["host"], "resizer.test");
  EXPECT_EQ(report["structural_hosts"][0]["references"], 1);
  std::string rule = report["structural_hosts"][0]["rule"];
  EXPECT_EQ(rule, "  - name: resizer-test\n    hosts: [resizer.test]\n    carrier: path\n    prefix: /fetch/w_300/\n");
  auto pasted = RuleSet::Parse("rules:\n" + rule, "pasted.yaml");
  ASSERT_TRUE(pasted.ok()) << pasted.status().message();
  EXPECT_EQ(pasted->UnwrapOnce("http://resizer.test/fetch/w_300/http://img.example.com/photo.png"),
            "http://img.example.com/photo.png");
  RunResult schema = ValidateReport(dir + "/out/report.json");
  EXPECT_EQ(schema.exit_code, 0) << schema.out << schema.err;
}

TEST(BatchTest, ShardsPartitionTheInputs) {
  std::vector<std::string> inputs;
  for (int i = 0; i < 200; ++i) inputs.push_back("posts/" + std::to_string(i) + ".md");
  std::multiset<std::string> seen;
  for (int k = 1; k <= 3; ++k)
    for (const std::string& s : Shard(inputs, k, 3)) seen.insert(s);
  EXPECT_EQ(seen, std::multiset<std::string>(inputs.begin(), inputs.end()));
  // The same file under another mount point lands in the same shard.
  EXPECT_EQ(Shard({"/mnt/a/posts/7.md"}, 2, 3).size(), Shard({"/srv/b/7.md"}, 2, 3).size());
  EXPECT_FALSE(ParseShard("0/3").ok());
  EXPECT_FALSE(ParseShard("4/3").ok());
  EXPECT_EQ(ParseShard("2/3").value(), std::make_pair(2, 3));

  FakeOrigin origin;
  std::string dir = FreshDir("batch-shard");
  std::string blog = MakeBlog(dir);
  std::set<std::string> archived;
  size_t total = 0;
  for (const char* shard : {"1/2", "2/2"}) {
    ArchiveWith(origin, {blog}, dir + "/out-" + std::string(1, shard[0]), {"--shard", shard});
    for (const auto& e : fs::directory_iterator(dir + "/out-" + std::string(1, shard[0])))
      if (e.path().extension() == ".wacz") {
        archived.insert(e.path().filename().string());
        ++total;
      }
  }
  EXPECT_EQ(total, kGoodPosts.size() + 1);
  EXPECT_EQ(archived.size(), total);

  // The shards' reports merged read like one batch's.
  ArchiveWith(origin, {blog}, dir + "/whole");
  RunResult merged =
      RunProgram({Bin("rotproof"), "report", dir + "/out-1", dir + "/out-2", "-o", dir + "/merged", "--json"});
  nlohmann::json whole = nlohmann::json::parse(ReadFile(dir + "/whole/report.json"));
  nlohmann::json both = nlohmann::json::parse(merged.out);
  EXPECT_EQ(merged.exit_code, whole["exit_code"].get<int>()) << merged.err;
  EXPECT_EQ(both["totals"], whole["totals"]);
  EXPECT_EQ(both["articles"].size(), whole["articles"].size());
  EXPECT_EQ(ValidateReport(dir + "/merged/report.json").exit_code, 0);
  EXPECT_EQ(RunProgram({Bin("rotproof"), "report", dir + "/in", "-o", dir + "/m2"}).exit_code, 2);  // no OUTDIR
}

TEST(BatchTest, EveryInputGetsAnArchiveNameOfItsOwn) {
  std::vector<std::string> inputs = {"/blog/a/trip/index.md", "/blog/b/trip/index.md", "/blog/2020/post.md",
                                     "/blog/2021/post.md", "https://h.test/2021/post.html"};
  auto names = ArchiveNames(inputs);
  EXPECT_EQ(names.at(inputs[0]), "trip");
  EXPECT_EQ(names.at(inputs[1]), "trip-" + Sha256Digest(inputs[1]).substr(7, 8));
  EXPECT_EQ(names.at(inputs[2]), "post");
  EXPECT_EQ(names.at(inputs[3]), "post-" + Sha256Digest(inputs[3]).substr(7, 8));
  EXPECT_EQ(names.at(inputs[4]), "post-" + Sha256Digest(inputs[4]).substr(7, 8));
  EXPECT_EQ(ArchiveNames(inputs), names);
  // Inputs that would share a name share a shard, whatever the mount point.
  for (int k = 1; k <= 3; ++k) EXPECT_EQ(Shard({inputs[0], inputs[1], "/mnt/c/trip/index.md"}, k, 3).size() % 3, 0u);

  // A Hugo-like tree of page bundles and same-named posts: no archive
  // overwrites another.
  FakeOrigin origin;
  std::string dir = FreshDir("batch-names");
  for (const char* sub : {"a/trip", "b/trip", "2020", "2021"}) fs::create_directories(dir + "/blog/" + sub);
  for (const char* file : {"a/trip/index.md", "b/trip/index.md", "2020/post.md", "2021/post.md"})
    WriteFile(dir + "/blog/" + file,
              std::string("---\ntitle: ") + file + "\n---\n![x](http://img.test/" + file + ".png)\n");
  RunResult r = ArchiveWith(origin, {dir + "/blog"}, dir + "/out", {"--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> archives;
  auto report = nlohmann::json::parse(r.out);
  for (const auto& a : report["articles"]) {
    archives.insert(a["archive"].get<std::string>());
    EXPECT_EQ(Verify(a["archive"]).exit_code, 0) << a["archive"];
  }
  EXPECT_EQ(archives.size(), 4u);
  EXPECT_TRUE(fs::exists(dir + "/out/trip.wacz"));
  EXPECT_TRUE(fs::exists(dir + "/out/post.wacz"));
}

TEST(BatchTest, KilledBatchResumesWithoutRefetchingOrPartialFiles) {
  FakeOrigin origin;
  std::string dir = FreshDir("batch-kill");
  fs::create_directories(dir + "/posts");
  const int kPosts = 12;
  for (int i = 0; i < kPosts; ++i) {
    std::string n = (i < 10 ? "0" : "") + std::to_string(i);
    WriteFile(dir + "/posts/p" + n + ".md", "---\ntitle: p" + n + "\n---\n<img src=\"http://slow.test/slow-" + n +
                                                "-a.png\">"
                                                "<img src=\"http://slow.test/slow-" +
                                                n + "-b.png\">\n");
  }
  std::vector<std::string> argv = {Bin("rotproof"),    "archive", "-o", dir + "/out", "--connect-to",
                                   origin.ConnectTo(), "--jobs",  "1",  "--retries",  "0",
                                   dir + "/posts"};
  int pid = StartProgram(argv);
  ASSERT_GT(pid, 0);
  // Kill it once a few archives have landed, in the middle of the batch.
  auto count = [&] {
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir + "/out", ec)) n += e.path().extension() == ".wacz";
    return n;
  };
  for (int i = 0; i < 600 && count() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  size_t before = count();
  ASSERT_GE(before, 3u);
  ASSERT_LT(before, static_cast<size_t>(kPosts)) << "the batch finished before it could be killed";
  // Finished = journaled. An archive renamed into place but not yet
  // journaled (at most two: articles are written two at a time while the
  // journal is kept on the fetching thread) is redone: complete either way.
  std::set<std::string> finished;
  {
    auto journal = Journal::Open(dir + "/out", /*resume=*/true);  // as killed: its WAL not checkpointed
    ASSERT_TRUE(journal.ok()) << journal.status().message();
    ASSERT_TRUE(
        journal->ForEachLast([&](const JournalEntry& entry) { finished.insert(fs::path(entry.input).stem().string()); })
            .ok());
  }
  EXPECT_GE(finished.size() + 2, before);

  argv.push_back("--resume");
  RunResult resumed = RunProgram(argv);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  size_t archives = 0;
  for (const auto& e : fs::directory_iterator(dir + "/out")) {
    std::string name = e.path().filename().string();
    if (e.path().extension() == ".wacz") {
      ++archives;
      EXPECT_EQ(Verify(e.path().string()).exit_code, 0) << name;
    } else {
      EXPECT_TRUE(name == "report.json" || name == "report.html" || name == ".rotproof-journal.sqlite")
          << "left behind: " << name;
    }
  }
  EXPECT_EQ(archives, static_cast<size_t>(kPosts));
  // Articles finished before the kill were not fetched again.
  for (const std::string& stem : finished) {
    std::string n = stem.substr(1);
    EXPECT_EQ(origin.RequestCount("http://slow.test/slow-" + n + "-a.png"), 1) << stem;
  }
  auto report = nlohmann::json::parse(ReadFile(dir + "/out/report.json"));
  EXPECT_EQ(report["totals"]["articles"], kPosts);
  EXPECT_EQ(report["articles"].size(), static_cast<size_t>(kPosts));
}

}  // namespace
}  // namespace rotproof
