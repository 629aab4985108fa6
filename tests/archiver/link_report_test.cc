#include "rotproof/link_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run.h"

namespace rotproof {
namespace {

TEST(LinkReportTest, TotalsAndRowsOverTheRunsInputsOnly) {
  std::string dir = testing::FreshDir("link-report");
  auto journal = Journal::Open(dir, false);
  ASSERT_TRUE(journal.ok());
  ArticleReport a;
  a.archive_path = dir + "/a.wacz";
  a.title = "<A>";
  a.references = 2;
  a.outcomes = {{"img@src", "http://o.test/1.png", ReferenceOutcome::Source::kMirror, ""},
                {"img@src", "http://o.test/2.png", ReferenceOutcome::Source::kDead, "HTTP 404"}};
  ASSERT_TRUE(journal->Append(JournalEntry::Of("a.md", a)).ok());
  ASSERT_TRUE(journal->Append(JournalEntry::Of("b.md", Status::InvalidInput("b.md: not UTF-8"))).ok());
  ASSERT_TRUE(journal->Append(JournalEntry::Of("other.md", a)).ok());  // an earlier run's, not this one's

  auto exit_code = WriteReports(*journal, {"a.md", "b.md"}, dir, nullptr);
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 2);  // the worst article: b.md's bad input
  auto report = nlohmann::json::parse(testing::ReadFile(dir + "/report.json"));
  EXPECT_EQ(report["totals"]["articles"], 2);
  EXPECT_EQ(report["totals"]["articles_failed"], 1);
  EXPECT_EQ(report["totals"]["mirror"], 1);
  EXPECT_EQ(report["totals"]["dead"], 1);
  ASSERT_EQ(report["articles"].size(), 2u);
  EXPECT_EQ(report["articles"][1]["error"], "b.md: not UTF-8");
  std::string html = testing::ReadFile(dir + "/report.html");
  EXPECT_NE(html.find("&lt;A&gt;"), std::string::npos);  // escaped
  EXPECT_NE(html.find("http://o.test/2.png: HTTP 404"), std::string::npos);
  EXPECT_EQ(html.find("other.md"), std::string::npos);

  EXPECT_EQ(report["structural_hosts"].size(), 0u);

  auto empty = WriteReports(*journal, {}, dir, nullptr);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(nlohmann::json::parse(testing::ReadFile(dir + "/report.json"))["articles"].size(), 0u);
}

// Hosts unwrapped by structure, most references first, each with its rule.
TEST(LinkReportTest, HostsNoRuleNamesComeWithARule) {
  std::string dir = testing::FreshDir("link-report-structural");
  auto journal = Journal::Open(dir, false);
  ASSERT_TRUE(journal.ok());
  ArticleReport a;
  a.archive_path = dir + "/a.wacz";
  a.references = 3;
  a.outcomes = {{"img@src", "u1", ReferenceOutcome::Source::kOrigin, "", "once.test", "carrier: param\n    param: u"},
                {"img@src", "u2", ReferenceOutcome::Source::kOrigin, "", "twice.test", ""},
                {"img@src", "u3", ReferenceOutcome::Source::kOrigin, "", "twice.test", ""}};
  ASSERT_TRUE(journal->Append(JournalEntry::Of("a.md", a)).ok());
  ASSERT_TRUE(WriteReports(*journal, {"a.md"}, dir, nullptr).ok());
  auto report = nlohmann::json::parse(testing::ReadFile(dir + "/report.json"));
  const auto& hosts = report["structural_hosts"];
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_EQ(hosts[0]["host"], "twice.test");
  EXPECT_EQ(hosts[0]["references"], 2);
  EXPECT_EQ(hosts[0]["rule"], "");  // no carrier fits (base64, say)
  EXPECT_EQ(hosts[1]["rule"], "  - name: once-test\n    hosts: [once.test]\n    carrier: param\n    param: u\n");
  EXPECT_NE(testing::ReadFile(dir + "/report.html").find("Proxies no rule names"), std::string::npos);
}

}  // namespace
}  // namespace rotproof
