#include "rotproof/batch.h"

#include <gtest/gtest.h>

#include <vector>

#include "run.h"

namespace rotproof {
namespace {

nlohmann::ordered_json Entry(const std::string& input, const std::string& archive) {
  return {{"input", input}, {"archive", archive}, {"exit_code", 0}};
}

std::vector<std::string> Archives(Journal& journal) {
  std::vector<std::string> seen;
  EXPECT_TRUE(journal.ForEachLast([&](const nlohmann::ordered_json& e) { seen.push_back(e["archive"]); }).ok());
  return seen;
}

TEST(JournalTest, KeepsEachInputsLastEntryInTheOrderOfItsFirst) {
  std::string dir = testing::FreshDir("journal-order");
  testing::WriteFile(dir + "/b.wacz", "x");
  {
    auto journal = Journal::Open(dir, false);
    ASSERT_TRUE(journal.ok()) << journal.status().message();
    ASSERT_TRUE(journal->Append(Entry("a.md", dir + "/a-1.wacz")).ok());
    ASSERT_TRUE(journal->Append(Entry("b.md", dir + "/b.wacz")).ok());
    ASSERT_TRUE(journal->Append(Entry("a.md", dir + "/a-2.wacz")).ok());
    EXPECT_EQ(Archives(*journal), (std::vector<std::string>{dir + "/a-2.wacz", dir + "/b.wacz"}));
    EXPECT_TRUE(journal->Done("b.md"));
    EXPECT_FALSE(journal->Done("a.md"));  // its archive is not there
    EXPECT_FALSE(journal->Done("c.md"));
  }
  {
    auto resumed = Journal::Open(dir, true);
    ASSERT_TRUE(resumed.ok());
    EXPECT_EQ((*resumed->Last("a.md"))["archive"], dir + "/a-2.wacz");
    EXPECT_TRUE(resumed->Done("b.md"));
  }
  auto fresh = Journal::Open(dir, false);
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(Archives(*fresh).empty());
}

TEST(JournalTest, AnErrorEntryIsNeverDone) {
  std::string dir = testing::FreshDir("journal-error");
  auto journal = Journal::Open(dir, false);
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE(journal->Append({{"input", "x.md"}, {"error", "x.md: bad"}, {"exit_code", 2}}).ok());
  EXPECT_FALSE(journal->Done("x.md"));
}

// Two runs writing one OUTDIR would each skip or redo the other's work.
TEST(JournalTest, OneOutputDirectoryServesOneRunAtATime) {
  std::string dir = testing::FreshDir("journal-busy");
  auto first = Journal::Open(dir, false);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->Append(Entry("a.md", "a.wacz")).ok());
  auto second = Journal::Open(dir, false);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find(".rotproof-journal.sqlite"), std::string::npos);
  EXPECT_NE(second.status().message().find("in use"), std::string::npos);
}

TEST(JournalTest, DamagedJournalOnResumeIsCorruption) {
  std::string dir = testing::FreshDir("journal-damaged");
  testing::WriteFile(dir + "/.rotproof-journal.sqlite", std::string(8192, 'x'));
  auto journal = Journal::Open(dir, true);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.status().code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace rotproof
