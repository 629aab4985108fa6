#include "record_index.h"

#include <gtest/gtest.h>

#include <vector>

namespace rotproof {
namespace {

IndexedRecord Record(uint64_t offset, const std::string& type, const std::string& id,
                     const std::string& warc = "archive/data.warc.gz") {
  IndexedRecord r;
  r.warc = warc;
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
  EXPECT_EQ(index->FindByOffset("archive/data.warc.gz", 20)->id, "<urn:a>");
  EXPECT_FALSE(index->FindByOffset("archive/data.warc.gz", 21));
  EXPECT_FALSE(index->FindByOffset("archive/other.warc.gz", 20));
}

// A WACZ may hold several WARCs: offsets are per WARC, and a damaged one
// takes only its own records away. Revisits written by warcio name their
// original by URI and date.
TEST(RecordIndexTest, RecordsOfSeveralWarcsAndLookupsByUriAndDate) {
  auto index = RecordIndex::Create();
  ASSERT_TRUE(index.ok());
  IndexedRecord a = Record(0, "response", "<urn:a>", "archive/one.warc.gz");
  a.date = "2024-05-01T10:00:00Z";
  IndexedRecord revisit = Record(0, "revisit", "<urn:r>", "archive/two.warc");
  revisit.target_uri = a.target_uri;
  revisit.date = a.date;
  index->AddRecord(a);
  index->AddRecord(revisit);
  EXPECT_EQ(index->FindByOffset("archive/one.warc.gz", 0)->id, "<urn:a>");
  EXPECT_EQ(index->FindByOffset("archive/two.warc", 0)->id, "<urn:r>");
  EXPECT_EQ(index->FindByUriAndDate(a.target_uri, a.date)->id, "<urn:a>");  // never the revisit itself
  EXPECT_FALSE(index->FindByUriAndDate(a.target_uri, "2024-05-02T10:00:00Z"));
  index->ClearRecords("archive/one.warc.gz");
  EXPECT_EQ(index->record_count(), 1u);
  EXPECT_FALSE(index->FindById("<urn:a>"));
  EXPECT_TRUE(index->FindById("<urn:r>"));
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

TEST(RecordIndexTest, CdxjLinesComeBackFileByFileInOrder) {
  auto index = RecordIndex::Create();
  ASSERT_TRUE(index.ok());
  index->AddRecord(Record(100, "response", "<urn:a>"));
  const std::string kIndex = "indexes/index.cdxj";
  index->AddCdxjLine({kIndex, 1, std::nullopt, false});
  index->AddCdxjLine(
      {kIndex, 2, CdxjLine{"k", "20260101000000", "http://x.test/100", "", 100, 101, "data.warc.gz"}, true});
  index->AddCdxjLine({"indexes/more.cdxj", 1, CdxjLine{"k", "20260101000000", "http://x.test/5", "d", 5, 6}, false});
  std::vector<std::string> seen;
  index->ForEachCdxjLine([&](const IndexedCdxjLine& line) {
    seen.push_back(line.entry + ":" + std::to_string(line.line_no) + (line.parsed ? line.parsed->url : "-") +
                   (line.unsorted ? " unsorted" : "") + (line.parsed ? " " + line.parsed->filename : ""));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"indexes/index.cdxj:1-",
                                            "indexes/index.cdxj:2http://x.test/100 unsorted data.warc.gz",
                                            "indexes/more.cdxj:1http://x.test/5 "}));

  index->ClearRecords("archive/data.warc.gz");
  index->ClearCdxjLines(kIndex);
  EXPECT_EQ(index->record_count(), 0u);
  EXPECT_FALSE(index->FindById("<urn:a>"));
  size_t lines = 0;
  index->ForEachCdxjLine([&](const IndexedCdxjLine&) { ++lines; });
  EXPECT_EQ(lines, 1u);  // the other index's
}

}  // namespace
}  // namespace rotproof
