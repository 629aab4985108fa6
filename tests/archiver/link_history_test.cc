#include "rotproof/link_history.h"

#include <gtest/gtest.h>

#include "run.h"

namespace rotproof {
namespace {

constexpr int64_t kDay = 24 * 3600;

TEST(LinkHistoryTest, DeadNeedsEnoughFailuresOverEnoughTimeAndBlockedSaysNothing) {
  std::string dir = testing::FreshDir("history");
  auto h = LinkHistory::Open(dir + "/h.db");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  const std::string url = "http://o.test/p.png";
  DeadRule rule{3, 7 * kDay};
  ASSERT_TRUE(h->Record(url, 1 * kDay, LinkState::kAlive, "").ok());
  ASSERT_TRUE(h->Record(url, 2 * kDay, LinkState::kGone, "HTTP 404").ok());
  ASSERT_TRUE(h->Record(url, 3 * kDay, LinkState::kBlocked, "HTTP 403").ok());  // neither breaks nor adds
  ASSERT_TRUE(h->Record(url, 5 * kDay, LinkState::kFlaky, "HTTP 503").ok());
  LinkSummary s = h->Summarize(url, rule, 5 * kDay);
  EXPECT_EQ(s.consecutive_failures, 2);
  EXPECT_EQ(s.failing_since, 2 * kDay);
  EXPECT_EQ(s.last_alive, 1 * kDay);
  EXPECT_FALSE(s.dead);
  ASSERT_TRUE(h->Record(url, 9 * kDay, LinkState::kGone, "HTTP 404").ok());
  EXPECT_TRUE(h->Summarize(url, rule, 9 * kDay).dead);                 // 3 failures over 7 days
  EXPECT_FALSE(h->Summarize(url, rule, 8 * kDay).dead);                // as it stood before the last check
  ASSERT_TRUE(h->Record(url, 10 * kDay, LinkState::kAlive, "").ok());  // back: not dead any more
  EXPECT_FALSE(h->Summarize(url, rule, 10 * kDay).dead);
  std::vector<LinkHistory::Tally> tallies = h->Tallies();
  ASSERT_EQ(tallies.size(), 6u);
  EXPECT_EQ(tallies[1].failing, 1);
  EXPECT_EQ(tallies[5].alive, 1);
  // A second connection on the same file sees every row (WAL, committed as recorded).
  auto other = LinkHistory::Open(dir + "/h.db");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->Tallies().size(), 6u);
}

}  // namespace
}  // namespace rotproof
