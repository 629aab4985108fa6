#include "archive_scan.h"

#include <gtest/gtest.h>

#include <random>

#include "gzip.h"
#include "rotproof/digest.h"
#include "run.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

using testing::Gzip;

// The streaming scan must find what reading everything into memory finds.
TEST(ArchiveScanTest, AgreesWithTheInMemoryReader) {
  std::string wacz = testing::Fixture("malformed/good.wacz");
  auto scan = ScanArchive(wacz, true);
  ASSERT_TRUE(scan.ok()) << scan.status().message();
  auto zip = ReadZip(wacz);
  ASSERT_TRUE(zip.ok());
  ASSERT_EQ(scan->entries.size(), zip->entries.size());
  std::string warc;
  for (size_t i = 0; i < zip->entries.size(); ++i) {
    const ZipEntry& e = zip->entries[i];
    EXPECT_EQ(scan->entries[i].name, e.name);
    EXPECT_EQ(scan->entries[i].size, e.data.size());
    EXPECT_EQ(scan->entries[i].sha256, Sha256Digest(e.data)) << e.name;
    if (e.name == kWarcEntry) warc = e.data;
  }
  std::vector<ReadIssue> issues;
  std::vector<WarcRecordView> records = ReadWarcGz(warc, &issues);
  ASSERT_TRUE(scan->has_warc);
  ASSERT_EQ(scan->records.size(), records.size());
  EXPECT_TRUE(scan->warc_issues.empty());
  size_t held = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const ScannedRecord& s = scan->records[i];
    std::string_view head;
    std::string_view payload = RecordPayload(records[i], &head);
    EXPECT_EQ(s.header.offset, records[i].offset);
    EXPECT_EQ(s.header.length, records[i].length);
    EXPECT_EQ(s.block_digest, Sha256Digest(records[i].block));
    EXPECT_EQ(s.payload_digest, Sha256Digest(payload));
    EXPECT_EQ(s.payload_bytes, payload.size());
    // Of the HTTP head, the framing lines the audit checks are kept.
    std::string framing;
    for (std::string_view line : {"Content-Length: ", "Transfer-Encoding: "})
      if (size_t at = head.find(line); at != std::string_view::npos)
        framing += std::string(head.substr(at, head.find("\r\n", at) + 2 - at));
    EXPECT_EQ(s.http_head, framing);
    EXPECT_EQ(s.header.Field("WARC-Record-ID"), records[i].Field("WARC-Record-ID"));
    EXPECT_EQ(s.header.FieldCount("WARC-IP-Address"), 0u);  // not audited, not held
    bool ours = records[i].Field("WARC-Target-URI").rfind("urn:rotproof:", 0) == 0;
    EXPECT_EQ(s.held, ours);
    EXPECT_EQ(s.header.block, ours ? records[i].block : "");
    held += s.held;
  }
  EXPECT_EQ(held, 3u);  // original, rewritten, manifest
}

std::string Response(const std::string& body) {
  std::string block = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return "WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http;msgtype=response\r\n"
         "WARC-Target-URI: http://x.test/big\r\nContent-Length: " +
         std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

// A record larger than every read buffer: its digests are still of all of it.
TEST(ArchiveScanTest, DigestsRecordsLargerThanTheBuffers) {
  std::string body(5 << 20, '\0');
  std::mt19937 random(7);
  for (char& c : body) c = static_cast<char>(random());
  std::string dir = testing::FreshDir("scan-big");
  testing::WriteFile(dir + "/big.warc.gz", Gzip(Response(body)));

  auto scan = ScanArchive(dir + "/big.warc.gz", true);
  ASSERT_TRUE(scan.ok());
  EXPECT_FALSE(scan->is_wacz);
  EXPECT_EQ(scan->warc_name, "big.warc.gz");
  ASSERT_EQ(scan->records.size(), 1u);
  EXPECT_EQ(scan->records[0].payload_digest, Sha256Digest(body));
  EXPECT_EQ(scan->records[0].payload_bytes, body.size());
  EXPECT_FALSE(scan->records[0].held);
  EXPECT_TRUE(scan->records[0].header.block.empty());

  auto fast = ScanArchive(dir + "/big.warc.gz", false);
  ASSERT_TRUE(fast.ok());
  EXPECT_EQ(fast->records[0].payload_digest, "");
  EXPECT_EQ(fast->records[0].payload_bytes, body.size());
}

TEST(ArchiveScanTest, NeitherZipNorGzipIsInvalidInput) {
  std::string dir = testing::FreshDir("scan-neither");
  testing::WriteFile(dir + "/x.wacz", "x");
  EXPECT_EQ(ScanArchive(dir + "/x.wacz", true).status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(ScanArchive(dir + "/none.wacz", true).status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace rotproof
