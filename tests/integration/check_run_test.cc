// rotproof check against a real HTTP server whose origins rot after they
// were archived: each injected fault told apart, and a link called dead
// only after failing again and again over days.

#include "rotproof/check_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "archive_env.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;

constexpr int64_t kDay = 24 * 3600;
constexpr int64_t kT0 = 1767225600;  // 2026-01-01

// One reference per fault the origin can be made to show, plus a proxied
// one whose proxy stays up while its origin goes.
const char kPost[] =
    "---\ntitle: Watched\n---\n"
    "![alive](http://img.test/alive.png)\n![gone](http://img.test/rot-gone.png)\n"
    "![changed](http://img.test/rot-changed.png)\n![soft](http://rot-soft404.test/pics/a.png)\n"
    "![blocked](http://img.test/rot-forbidden.png)\n![moved](http://img.test/rot-moved.png)\n"
    "![flaky](http://img.test/rot-unstable.png)\n![unreachable](http://unreachable.test/u.png)\n";

class CheckRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshDir("check");
    fs::create_directories(dir_ + "/in");
    WriteFile(dir_ + "/in/watched.md", kPost);
    ASSERT_EQ(ArchiveWith(origin_, {dir_ + "/in/watched.md"}, dir_ + "/out").exit_code, 0);
    origin_.Rot();
    options_.fetch.connect_to = {"unreachable.test:80:127.0.0.1:9", origin_.ConnectTo()};
    options_.fetch.retries = 1;
    options_.fetch.backoff_ms = 10;
    options_.db_path = dir_ + "/out/rotproof.db";
  }

  CheckReport Check(int64_t now) {
    options_.now = now;
    auto report = RunCheck({dir_ + "/out/watched.wacz"}, options_);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : CheckReport{};
  }

  static std::map<std::string, std::string> States(const CheckReport& r) {
    std::map<std::string, std::string> states;
    for (const CheckedLink& l : r.links) states[l.url] = LinkStateName(l.verdict.state);
    return states;
  }

  FakeOrigin origin_;
  std::string dir_;
  CheckOptions options_;
};

TEST_F(CheckRunTest, EveryInjectedFaultIsToldApart) {
  CheckReport r = Check(kT0);
  EXPECT_EQ(States(r), (std::map<std::string, std::string>{
                           {"http://img.test/alive.png", "alive"},
                           {"http://img.test/rot-gone.png", "gone"},
                           {"http://img.test/rot-changed.png", "changed"},
                           {"http://rot-soft404.test/pics/a.png", "soft-404"},
                           {"http://img.test/rot-forbidden.png", "blocked"},
                           {"http://img.test/rot-moved.png", "moved"},
                           {"http://img.test/rot-unstable.png", "flaky"},
                           {"http://unreachable.test/u.png", "gone"},
                       }));
  for (const CheckedLink& l : r.links)
    if (l.verdict.state == LinkState::kMoved) {
      EXPECT_EQ(l.verdict.moved_to, "http://img.test/relocated.png");
    }
  EXPECT_EQ(r.ExitCode(), 0);  // one failing check is no dead link
  // --deep downloads and compares the digest: the same verdicts.
  options_.deep = true;
  EXPECT_EQ(States(Check(kT0 + 60)), States(r));
}

TEST_F(CheckRunTest, DeadOnlyAfterRepeatedFailuresSpanningDays) {
  options_.rule = {3, 7 * kDay};
  auto gone = [](const CheckReport& r) {
    for (const CheckedLink& l : r.links)
      if (l.url == "http://img.test/rot-gone.png") return l;
    return CheckedLink{};
  };
  CheckReport first = Check(kT0);
  EXPECT_FALSE(gone(first).summary.dead);
  CheckReport second = Check(kT0 + 1 * kDay);  // two failures, one day: not yet
  EXPECT_FALSE(gone(second).summary.dead);
  EXPECT_EQ(gone(second).summary.consecutive_failures, 2);
  CheckReport third = Check(kT0 + 2 * kDay);  // three failures, but two days
  EXPECT_FALSE(gone(third).summary.dead);
  CheckReport fourth = Check(kT0 + 8 * kDay);  // four failures over eight days: dead, newly
  EXPECT_TRUE(gone(fourth).summary.dead);
  EXPECT_TRUE(gone(fourth).newly_dead);
  EXPECT_EQ(gone(fourth).summary.failing_since, kT0);
  EXPECT_EQ(gone(fourth).summary.last_alive, 0);
  EXPECT_EQ(fourth.ExitCode(), 1);
  CheckReport fifth = Check(kT0 + 9 * kDay);  // still dead, nothing new
  EXPECT_TRUE(gone(fifth).summary.dead);
  EXPECT_FALSE(gone(fifth).newly_dead);
  // The alive link was last seen alive at the last check.
  for (const CheckedLink& l : fifth.links)
    if (l.url == "http://img.test/alive.png") {
      EXPECT_EQ(l.summary.last_alive, kT0 + 9 * kDay);
    }
  EXPECT_EQ(fifth.tallies.size(), 5u);
}

// Two checks at once on one history: both land whole (WAL, a busy timeout).
TEST_F(CheckRunTest, ConcurrentChecksShareOneHistory) {
  CheckOptions a = options_, b = options_;
  a.now = kT0;
  b.now = kT0 + 1;
  std::optional<Result<CheckReport>> first, second;
  std::thread one([&] { first.emplace(RunCheck({dir_ + "/out/watched.wacz"}, a)); });
  std::thread two([&] { second.emplace(RunCheck({dir_ + "/out/watched.wacz"}, b)); });
  one.join();
  two.join();
  ASSERT_TRUE(first->ok()) << first->status().ToString();
  ASSERT_TRUE(second->ok()) << second->status().ToString();
  auto history = LinkHistory::Open(options_.db_path);
  ASSERT_TRUE(history.ok());
  std::vector<LinkHistory::Tally> tallies = history->Tallies();
  ASSERT_EQ(tallies.size(), 2u);
  EXPECT_EQ(tallies[0].alive + tallies[0].failing, tallies[1].alive + tallies[1].failing);
  EXPECT_EQ(tallies[0].alive, 1);
}

// The command: the reports in every form, the JSON valid by its schema, the
// history beside the archives, and the exit code of a first check (nothing
// is dead after one failure).
// A package (rotproof pack) is watched as the archives it was packed from:
// every article's links, a shared picture's validators read from the
// revisit record that stands for it in the later article.
TEST_F(CheckRunTest, APackageIsWatchedAsTheArchivesItWasPackedFrom) {
  FakeOrigin fresh;  // the capture, before the rot
  fs::create_directories(dir_ + "/blog");
  WriteFile(dir_ + "/blog/a.md", "---\ntitle: A\n---\n![alive](http://img.test/alive.png)\n");
  WriteFile(dir_ + "/blog/b.md",
            "---\ntitle: B\n---\n![alive](http://img.test/alive.png)\n![gone](http://img.test/rot-gone.png)\n"
            "![changed](http://img.test/rot-changed.png)\n");
  ASSERT_EQ(ArchiveWith(fresh, {dir_ + "/blog"}, dir_ + "/blog-out").exit_code, 0);
  RunResult packed = RunProgram({Bin("rotproof"), "pack", "--json", dir_ + "/blog-out", "-o", dir_ + "/blog.wacz"});
  ASSERT_EQ(packed.exit_code, 0) << packed.err;
  ASSERT_EQ(nlohmann::json::parse(packed.out)["revisits"], 1);  // B's alive.png
  auto seen = [](const CheckReport& r) {
    std::map<std::string, std::string> by_url;
    for (const CheckedLink& l : r.links) {
      std::string& s = by_url[l.url];
      s = std::string(LinkStateName(l.verdict.state)) + ", " + l.verdict.detail;
      for (const WatchedLink& u : l.uses) s += "; " + u.article + " " + u.where + " etag " + u.copy.etag;
    }
    return by_url;
  };
  options_.db_path = dir_ + "/archives.db";
  auto from_archives = RunCheck({dir_ + "/blog-out/a.wacz", dir_ + "/blog-out/b.wacz"}, options_);
  options_.db_path = dir_ + "/package.db";
  auto from_package = RunCheck({dir_ + "/blog.wacz"}, options_);
  ASSERT_TRUE(from_archives.ok() && from_package.ok());
  EXPECT_EQ(seen(*from_package), seen(*from_archives));
  std::map<std::string, std::string> links = seen(*from_package);
  ASSERT_EQ(links.size(), 3u);
  const std::string& alive = links["http://img.test/alive.png"];
  EXPECT_EQ(alive.rfind("alive, same length and validators; A md:image etag \"", 0), 0u) << alive;
  EXPECT_NE(alive.find("; B md:image etag \""), std::string::npos) << alive;  // from the revisit's head
  EXPECT_EQ(links["http://img.test/rot-gone.png"].rfind("gone, HTTP 410; B ", 0), 0u);
  EXPECT_EQ(links["http://img.test/rot-changed.png"].rfind("changed, ", 0), 0u);
}

TEST_F(CheckRunTest, CommandWritesEveryReport) {
  RunResult r = RunProgram({Bin("rotproof"), "check", dir_ + "/out", "--json", "--markdown", dir_ + "/check.md",
                            "--junit", dir_ + "/junit.xml", "--retries", "0", "--connect-to",
                            "unreachable.test:80:127.0.0.1:9", "--connect-to", origin_.ConnectTo()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  WriteFile(dir_ + "/check.json", r.out);
  RunResult valid = RunProgram({"/usr/bin/env", "node", std::string(ROTPROOF_INTEROP_DIR) + "/validate_schema.mjs",
                                std::string(ROTPROOF_SCHEMAS) + "/check-report.schema.json", dir_ + "/check.json"});
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  nlohmann::json report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["totals"]["alive"], 1);
  EXPECT_EQ(report["totals"]["gone"], 2);
  EXPECT_TRUE(fs::exists(dir_ + "/out/rotproof.db"));
  std::string html = ReadFile(dir_ + "/out/check-report.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("<td>rot-soft404.test</td>"), std::string::npos);  // per host
  // Opened in Chromium from file:// (tests/browser): nothing leaves it; a screenshot for people.
  RunResult opened =
      RunProgram({"/usr/bin/env", "node", std::string(ROTPROOF_BROWSER_DIR) + "/offline_pages.mjs",
                  std::string(ROTPROOF_BIN_DIR) + "/test-artifacts/check", dir_ + "/out/check-report.html"});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  nlohmann::json page = nlohmann::json::parse(opened.out);
  EXPECT_TRUE(page["network"].empty()) << opened.out;
  EXPECT_FALSE(page["probe_sent"].get<bool>());
  EXPECT_NE(ReadFile(dir_ + "/check.md").find("| http://img.test/rot-gone.png | gone | HTTP 410 | never |"),
            std::string::npos);
  std::string junit = ReadFile(dir_ + "/junit.xml");
  EXPECT_NE(junit.find("<testsuite name=\"Watched\" tests=\"8\" failures=\"4\" skipped=\"1\">"), std::string::npos)
      << junit;
  // Not an archive: a one-line error, exit 2.
  WriteFile(dir_ + "/bad.wacz", "not a zip");
  RunResult bad = RunProgram({Bin("rotproof"), "check", dir_ + "/bad.wacz"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_EQ(bad.err.rfind("rotproof: " + dir_ + "/bad.wacz: ", 0), 0u) << bad.err;
}

}  // namespace
}  // namespace rotproof
