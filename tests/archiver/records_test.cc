#include "records.h"

#include <gtest/gtest.h>

#include "fake_transport.h"
#include "rotproof/digest.h"
#include "rotproof/warc_reader.h"
#include "run.h"

namespace rotproof {
namespace {

using testing::Fetched;

std::vector<WarcRecordView> Written(const SpillBuffer& warc) {
  std::string gz;
  EXPECT_TRUE(warc.ReadBack([&gz](const char* p, size_t n) {
                    gz.append(p, n);
                    return true;
                  })
                  .ok());
  std::vector<ReadIssue> issues;
  auto records = ReadWarcGz(gz, &issues);
  EXPECT_TRUE(issues.empty());
  return records;
}

// The same payload from two URLs is stored once: the second is a revisit
// naming the first, and both are indexed.
TEST(RecordsTest, RepeatedPayloadsBecomeRevisits) {
  std::string dir = testing::FreshDir("records");
  SpillBuffer warc(dir, 1 << 20);
  auto writer = WarcWriter::Create(&warc);
  ASSERT_TRUE(writer.ok());
  RecordBuilder out(&*writer, "post", "2022-08-31T01:23:00Z", "20220831012300");
  ASSERT_TRUE(out.Write(out.Warcinfo("post.md")).ok());
  FetchOutcome a = Fetched("http://o.test/a.png", "same"), b = Fetched("http://p.test/a.png", "same");
  auto holders = out.WriteExchanges({&a, &b});
  ASSERT_TRUE(holders.ok());
  const StoredPayload& first = holders->at(&a.hops[0]);
  EXPECT_EQ(holders->at(&b.hops[0]).record_id, first.record_id);  // b's payload lives in a's record
  std::vector<WarcRecordView> records = Written(warc);
  ASSERT_EQ(records.size(), 5u);  // warcinfo, request + response, request + revisit
  EXPECT_EQ(records[2].Field("WARC-Type"), "response");
  EXPECT_EQ(records[4].Field("WARC-Type"), "revisit");
  EXPECT_EQ(records[4].Field("WARC-Refers-To"), first.record_id);
  EXPECT_EQ(records[4].Field("WARC-Refers-To-Target-URI"), "http://o.test/a.png");
  EXPECT_EQ(records[4].Field("WARC-Warcinfo-ID"), records[0].Field("WARC-Record-ID"));
  EXPECT_EQ(records[1].Field("WARC-Concurrent-To"), records[2].Field("WARC-Record-ID"));
  std::vector<CdxjEntry> index = out.TakeIndex();
  ASSERT_EQ(index.size(), 2u);
  EXPECT_EQ(index[1].mime, "warc/revisit");
}

// Equal inputs give equal record ids, so an archive is reproducible.
TEST(RecordsTest, RecordIdsAreDeterministic) {
  std::string dir = testing::FreshDir("records-ids");
  SpillBuffer w1(dir, 1 << 20), w2(dir, 1 << 20);
  auto a = WarcWriter::Create(&w1);
  auto b = WarcWriter::Create(&w2);
  RecordBuilder one(&*a, "post", "d", "t"), two(&*b, "post", "d", "t");
  EXPECT_EQ(one.Next("resource", "urn:x").record_id, two.Next("resource", "urn:x").record_id);
  EXPECT_NE(one.Next("resource", "urn:x").record_id, one.Next("resource", "urn:y").record_id);
  WarcRecord r = one.Resource("urn:x", "text/markdown", "body");
  EXPECT_EQ(r.payload_digest, Sha256Digest("body"));
}

}  // namespace
}  // namespace rotproof
