#include "pack_ledger.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

std::vector<std::string> SortedLines(PackLedger& ledger) {
  std::vector<std::string> lines;
  EXPECT_TRUE(ledger
                  .ForEachLineSorted([&](std::string_view line) {
                    lines.emplace_back(line);
                    return Status::Ok();
                  })
                  .ok());
  return lines;
}

TEST(PackLedgerTest, TheFirstHolderOfAPayloadStays) {
  auto ledger = PackLedger::Create();
  ASSERT_TRUE(ledger.ok());
  EXPECT_FALSE(ledger->Holder("sha256:aa"));
  ledger->AddHolder("sha256:aa", {"<1>", "http://a.test/x.png", "2022-08-30T00:00:00Z"});
  ledger->AddHolder("sha256:aa", {"<2>", "http://b.test/x.png", "2022-08-31T00:00:00Z"});
  auto holder = ledger->Holder("sha256:aa");
  ASSERT_TRUE(holder);
  EXPECT_EQ(holder->record_id, "<1>");
  EXPECT_EQ(holder->uri, "http://a.test/x.png");
  EXPECT_EQ(holder->date, "2022-08-30T00:00:00Z");
  EXPECT_TRUE(ledger->AddRecordId("<1>"));
  EXPECT_FALSE(ledger->AddRecordId("<1>"));
  EXPECT_TRUE(ledger->status().ok());
}

// Bytewise, as LC_ALL=C sort: uppercase before lowercase, "a b" before "ab".
TEST(PackLedgerTest, LinesComeBackSortedBytewise) {
  auto ledger = PackLedger::Create();
  ASSERT_TRUE(ledger.ok());
  for (const char* line : {"b", "ab", "a b", "B", "\xc3\xa9"}) ledger->AddLine(line);
  EXPECT_EQ(SortedLines(*ledger), (std::vector<std::string>{"B", "a b", "ab", "b", "\xc3\xa9"}));
  Status stop = ledger->ForEachLineSorted([](std::string_view) { return Status::IoError("disk full"); });
  EXPECT_EQ(stop.message(), "disk full");
}

// An archive that cannot be packed leaves nothing behind.
TEST(PackLedgerTest, RollbackForgetsAnArchivesAdditions) {
  auto ledger = PackLedger::Create();
  ASSERT_TRUE(ledger.ok());
  ASSERT_TRUE(ledger->Begin().ok());
  ledger->AddHolder("sha256:aa", {"<1>", "u", "d"});
  ledger->AddRecordId("<1>");
  ledger->AddLine("kept");
  ASSERT_TRUE(ledger->Commit().ok());
  ASSERT_TRUE(ledger->Begin().ok());
  ledger->AddHolder("sha256:bb", {"<2>", "u", "d"});
  EXPECT_TRUE(ledger->AddRecordId("<2>"));
  EXPECT_TRUE(ledger->Holder("sha256:aa"));  // a query left open must not block the rollback
  ledger->AddLine("dropped");
  ASSERT_TRUE(ledger->Rollback().ok());
  EXPECT_FALSE(ledger->Holder("sha256:bb"));
  EXPECT_TRUE(ledger->AddRecordId("<2>"));
  EXPECT_FALSE(ledger->AddRecordId("<1>"));
  EXPECT_EQ(SortedLines(*ledger), std::vector<std::string>{"kept"});
}

}  // namespace
}  // namespace rotproof
