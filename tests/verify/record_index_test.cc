#include "record_index.h"

#include <gtest/gtest.h>

#include <vector>

namespace rotproof {
namespace {

IndexedRecord Record(uint64_t offset, const std::string& type, const std::string& id) {
  IndexedRecord r;
  r.offset = offset;
  r.length = offset + 1;
  r.type = type;
  r.id = id;
  r.target_uri = "http://x.test/" + std::to_string(offset);
  r.payload_digest = "sha256:" + std::to_string(offset);
  return r;
}

TEST(RecordIndexTest, FirstRecordKeepsItsIdAndDuplicatesAreTold) {
  auto index = RecordIndex::Create();
  ASSERT_TRUE(index.ok()) << index.status().message();
  EXPECT_TRUE(index->AddRecord(Record(0, "warcinfo", "<urn:a>")));
  EXPECT_TRUE(index->AddRecord(Record(10, "response", "<urn:b>")));
  EXPECT_FALSE(index->AddRecord(Record(20, "response", "<urn:a>")));
  EXPECT_TRUE(index->AddRecord(Record(30, "response", "")));
  EXPECT_TRUE(index->AddRecord(Record(40, "response", "")));  // no id: never a duplicate
  EXPECT_EQ(index->record_count(), 5u);
  EXPECT_EQ(index->FindById("<urn:a>")->offset, 0u);
  EXPECT_EQ(index->FindById("<urn:b>")->target_uri, "http://x.test/10");
  EXPECT_FALSE(index->FindById("<urn:c>"));
  EXPECT_EQ(index->FindByOffset(20)->id, "<urn:a>");
  EXPECT_FALSE(index->FindByOffset(21));
}

TEST(RecordIndexTest, FieldsRoundTripIncludingAbsentOnesAndFull64BitNumbers) {
  auto index = RecordIndex::Create();
  ASSERT_TRUE(index.ok());
  IndexedRecord r = Record(uint64_t{1} << 63 | 5, "revisit", "<urn:r>");
  r.length = ~uint64_t{0};
  r.payload_bytes = uint64_t{1} << 40;
  r.date = "2026-01-01T00:00:00Z";
  r.payload_digest_field = "sha1:ABC";
  r.refers_to = "<urn:a>";
  r.refers_to_target_uri = "";  // present but empty is not absent
  index->AddRecord(r);
  IndexedRecord plain = Record(7, "revisit", "<urn:s>");
  index->AddRecord(plain);

  std::optional<IndexedRecord> back = index->FindById("<urn:r>");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->offset, r.offset);
  EXPECT_EQ(back->length, r.length);
  EXPECT_EQ(back->payload_bytes, r.payload_bytes);
  EXPECT_EQ(back->date, r.date);
  EXPECT_EQ(back->payload_digest_field, r.payload_digest_field);
  EXPECT_EQ(back->payload_digest, r.payload_digest);
  EXPECT_EQ(back->refers_to, "<urn:a>");
  EXPECT_EQ(back->refers_to_target_uri, std::optional<std::string>(""));
  EXPECT_EQ(back->refers_to_date, std::nullopt);
  EXPECT_EQ(index->FindById("<urn:s>")->refers_to_target_uri, std::nullopt);

  std::vector<std::string> revisits;
  index->ForEachOfType("revisit", [&](const IndexedRecord& rec) { revisits.push_back(rec.id); });
  EXPECT_EQ(revisits, (std::vector<std::string>{"<urn:r>", "<urn:s>"}));
}

TEST(RecordIndexTest, CdxjLinesComeBackInOrderWithTheRecordAtTheirOffset) {
  auto index = RecordIndex::Create();
  ASSERT_TRUE(index.ok());
  index->AddRecord(Record(100, "response", "<urn:a>"));
  index->AddCdxjLine({2, CdxjLine{"k", "20260101000000", "http://x.test/100", "", 100, 101}, true});
  index->AddCdxjLine({1, std::nullopt, false});
  index->AddCdxjLine({3, CdxjLine{"k", "20260101000000", "http://x.test/5", "d", 5, 6}, false});
  std::vector<std::string> seen;
  index->ForEachCdxjLine([&](const IndexedCdxjLine& line, const std::optional<IndexedRecord>& rec) {
    seen.push_back(std::to_string(line.line_no) + (line.parsed ? line.parsed->url : "-") +
                   (line.unsorted ? " unsorted" : "") + (rec ? " @" + rec->id : ""));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"1-", "2http://x.test/100 unsorted @<urn:a>", "3http://x.test/5"}));

  index->ClearRecords();
  index->ClearCdxjLines();
  EXPECT_EQ(index->record_count(), 0u);
  EXPECT_FALSE(index->FindById("<urn:a>"));
  size_t lines = 0;
  index->ForEachCdxjLine([&](const IndexedCdxjLine&, const std::optional<IndexedRecord>&) { ++lines; });
  EXPECT_EQ(lines, 0u);
}

}  // namespace
}  // namespace rotproof
