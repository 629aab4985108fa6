#include "rotproof/journal.h"

#include <gtest/gtest.h>

#include <vector>

#include "run.h"

namespace rotproof {
namespace {

JournalEntry Entry(const std::string& input, const std::string& archive) {
  JournalEntry e;
  e.input = input;
  e.archive = archive;
  return e;
}

std::vector<std::string> Archives(Journal& journal) {
  std::vector<std::string> seen;
  EXPECT_TRUE(journal.ForEachLast([&](const JournalEntry& e) { seen.push_back(e.archive); }).ok());
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
    EXPECT_EQ(resumed->Last("a.md")->archive, dir + "/a-2.wacz");
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
  ASSERT_TRUE(journal->Append(JournalEntry::Of("x.md", Status::InvalidInput("x.md: bad"))).ok());
  EXPECT_EQ(journal->Last("x.md")->error, "x.md: bad");
  EXPECT_EQ(journal->Last("x.md")->exit_code, 2);
  EXPECT_FALSE(journal->Done("x.md"));
}

// As report.json lists articles (schemas/report.schema.json): the same
// keys, in the same order, and back.
TEST(JournalTest, EntriesRoundTripThroughTheirJson) {
  ArticleReport report;
  report.archive_path = "out/a.wacz";
  report.title = "A";
  report.references = 3;
  report.bytes = 42;
  report.outcomes = {{"img@src", "http://o.test/1.png", ReferenceOutcome::Source::kOrigin, ""},
                     {"fm:headimg", "http://p.test/?http://o.test/2.png", ReferenceOutcome::Source::kProxy, ""},
                     {"img@src", "http://o.test/3.png", ReferenceOutcome::Source::kDead, "HTTP 404"}};
  JournalEntry e = JournalEntry::Of("a.md", report);
  EXPECT_EQ(
      e.ToJson(),
      R"({"input":"a.md","archive":"out/a.wacz","title":"A","references":3,"bytes":42,"origin":1,"proxy":1,)"
      R"("mirror":0,"dead":[{"where":"img@src","url":"http://o.test/3.png","reason":"HTTP 404"}],"exit_code":1})");
  std::optional<JournalEntry> back = JournalEntry::FromJson(e.ToJson());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->ToJson(), e.ToJson());
  JournalEntry failed = JournalEntry::Of("b.md", Status::Network("b.md: HTTP 404"));
  EXPECT_EQ(failed.ToJson(), R"({"input":"b.md","error":"b.md: HTTP 404","exit_code":1})");
  EXPECT_EQ(JournalEntry::FromJson(failed.ToJson())->ToJson(), failed.ToJson());
  EXPECT_FALSE(JournalEntry::FromJson(R"({"input":7})"));
  report.outcomes[0].structural_host = "r.test";
  report.outcomes[0].rule_carrier = "carrier: param\n    param: u";
  JournalEntry guessed = JournalEntry::Of("c.md", report);
  ASSERT_EQ(guessed.structural.size(), 1u);
  EXPECT_EQ(JournalEntry::FromJson(guessed.ToJson())->structural[0].carrier, "carrier: param\n    param: u");
  EXPECT_FALSE(JournalEntry::FromJson(R"({"input":"x","dead":[{"where":1}]})"));
}

// Journals are read back from OUTDIRs anyone may hand to `report`: a count
// that is a float too big for an integer is not an entry (nor undefined behaviour).
TEST(JournalTest, CountsThatAreNotUnsignedIntegersAreNotEntries) {
  for (const char* bad : {R"({"input":"x","bytes":1e300})", R"({"input":"x","references":-1})",
                          R"({"input":"x","origin":1.5})", R"({"input":"x","exit_code":1e20})"})
    EXPECT_FALSE(JournalEntry::FromJson(bad)) << bad;
  EXPECT_EQ(JournalEntry::FromJson(R"({"input":"x","exit_code":99999})")->exit_code, 255);
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
