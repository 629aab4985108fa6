#include "rotproof/check_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rotproof {
namespace {

CheckReport OneLink(LinkState state, bool newly_dead) {
  CheckReport r;
  r.checked_at = 1767225600;
  CheckedLink l;
  l.url = "http://o.test/a.png?x=1&y=<2>";
  l.uses.push_back({{l.url, "sha256:aa", 1, "", ""}, "Post \"A\"", "a.wacz", "img@src", false});
  l.verdict = {state, "HTTP 410", ""};
  l.summary.dead = newly_dead;
  l.summary.failing_since = r.checked_at;
  l.newly_dead = newly_dead;
  r.links.push_back(l);
  r.tallies.push_back({r.checked_at, state == LinkState::kAlive, IsFailure(state)});
  return r;
}

TEST(CheckReportTest, EveryFormSaysTheSameAndEscapes) {
  CheckReport dead = OneLink(LinkState::kGone, true);
  nlohmann::json j = nlohmann::json::parse(CheckReportJson(dead));
  EXPECT_EQ(j["checked_at"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(j["totals"]["gone"], 1);
  EXPECT_EQ(j["totals"]["newly_dead"], 1);
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["links"][0]["failing_since"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(j["links"][0]["last_alive"], "");
  EXPECT_NE(CheckReportMarkdown(dead).find("| gone, newly dead | HTTP 410 | never |"), std::string::npos);
  std::string junit = CheckReportJunit(dead);
  EXPECT_NE(junit.find("<testsuite name=\"Post &quot;A&quot;\" tests=\"1\" failures=\"1\" skipped=\"0\">"),
            std::string::npos)
      << junit;
  EXPECT_NE(junit.find("name=\"http://o.test/a.png?x=1&amp;y=&lt;2&gt;\""), std::string::npos);
  std::string html = CheckReportHtml(dead);
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(CheckReportMarkdown(OneLink(LinkState::kAlive, false)).find("Every link is alive."), std::string::npos);
  EXPECT_NE(CheckReportJunit(OneLink(LinkState::kBlocked, false)).find("<skipped message=\"blocked: HTTP 410\"/>"),
            std::string::npos);
}

}  // namespace
}  // namespace rotproof
