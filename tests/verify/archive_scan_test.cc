#include "archive_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "gzip.h"
#include "rotproof/digest.h"
#include "rotproof/zip_reader.h"
#include "run.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

using warc_format::kCdxjEntry;
using warc_format::kPagesEntry;
using warc_format::kWarcEntry;

using testing::Gzip;

// Keeps what the scan streams, as the audit would index it.
struct CollectingSink : ScanSink {
  std::vector<ScannedRecord> records;
  std::vector<std::pair<std::string, std::string>> lines;  // (entry, line)
  std::vector<bool> cut;
  std::vector<std::string> dropped;

  void OnRecord(ScannedRecord&& record) override { records.push_back(std::move(record)); }
  void OnLine(std::string_view entry, uint64_t line_no, std::string_view line, bool was_cut) override {
    lines.emplace_back(entry, line);
    EXPECT_EQ(line_no, std::count_if(lines.begin(), lines.end(), [&](const auto& l) { return l.first == entry; }));
    cut.push_back(was_cut);
  }
  void OnEntryDropped(std::string_view entry) override { dropped.emplace_back(entry); }
};

// The streaming scan must find what reading everything into memory finds.
TEST(ArchiveScanTest, AgreesWithTheInMemoryReader) {
  std::string wacz = testing::Fixture("malformed/good.wacz");
  CollectingSink sink;
  auto scan = ScanArchive(wacz, true, &sink);
  ASSERT_TRUE(scan.ok()) << scan.status().message();
  auto zip = ReadZip(wacz);
  ASSERT_TRUE(zip.ok());
  ASSERT_EQ(scan->entries.size(), zip->entries.size());
  std::string warc, pages;
  for (size_t i = 0; i < zip->entries.size(); ++i) {
    const ZipEntry& e = zip->entries[i];
    EXPECT_EQ(scan->entries[i].name, e.name);
    EXPECT_EQ(scan->entries[i].size, e.data.size());
    EXPECT_EQ(scan->entries[i].sha256, Sha256Digest(e.data)) << e.name;
    if (e.name == kWarcEntry) warc = e.data;
    if (e.name == kPagesEntry) pages = e.data;
  }
  // Of the line entries, the index and the pages, every line streams.
  std::string streamed_pages;
  for (const auto& [entry, line] : sink.lines)
    if (entry == kPagesEntry) streamed_pages += line + "\n";
  EXPECT_EQ(streamed_pages, pages);
  EXPECT_TRUE(sink.dropped.empty());
  std::vector<ReadIssue> issues;
  std::vector<WarcRecordView> records = ReadWarcGz(warc, &issues);
  ASSERT_EQ(scan->warcs.size(), 1u);
  EXPECT_EQ(scan->warcs[0].name, kWarcEntry);
  ASSERT_EQ(sink.records.size(), records.size());
  EXPECT_TRUE(scan->warcs[0].issues.empty());
  size_t held = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const ScannedRecord& s = sink.records[i];
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
    // urn:rotproof: records and the warcinfo (which software wrote it).
    bool ours = records[i].Field("WARC-Target-URI").rfind("urn:rotproof:", 0) == 0 ||
                records[i].Field("WARC-Type") == "warcinfo";
    EXPECT_EQ(s.held, ours);
    EXPECT_EQ(s.header.block, ours ? records[i].block : "");
    held += s.held;
  }
  EXPECT_EQ(held, 4u);  // warcinfo, original, rewritten, manifest
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

  CollectingSink sink;
  auto scan = ScanArchive(dir + "/big.warc.gz", true, &sink);
  ASSERT_TRUE(scan.ok());
  EXPECT_FALSE(scan->is_wacz);
  ASSERT_EQ(scan->warcs.size(), 1u);
  EXPECT_EQ(scan->warcs[0].name, "big.warc.gz");
  EXPECT_EQ(sink.records[0].warc, "big.warc.gz");
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].payload_digest, Sha256Digest(body));
  EXPECT_EQ(sink.records[0].payload_bytes, body.size());
  EXPECT_FALSE(sink.records[0].held);
  EXPECT_TRUE(sink.records[0].header.block.empty());

  CollectingSink fast;
  ASSERT_TRUE(ScanArchive(dir + "/big.warc.gz", false, &fast).ok());
  EXPECT_EQ(fast.records[0].payload_digest, "");
  EXPECT_EQ(fast.records[0].payload_bytes, body.size());
}

// Lines split at '\n' whatever the pieces; a last line without one still
// counts; an overlong line is cut, not held whole.
TEST(ArchiveScanTest, StreamsIndexLinesAndCutsOverlongOnes) {
  std::string dir = testing::FreshDir("scan-lines");
  std::string long_line(kMaxLineBytes + 10, 'x');
  testing::WriteZip(dir + "/a.wacz", {{std::string(kCdxjEntry), "a 1\n\nb 2\n" + long_line + "\nlast"}});
  CollectingSink sink;
  ASSERT_TRUE(ScanArchive(dir + "/a.wacz", true, &sink).ok());
  ASSERT_EQ(sink.lines.size(), 5u);
  EXPECT_EQ(sink.lines[0].second, "a 1");
  EXPECT_EQ(sink.lines[1].second, "");
  EXPECT_EQ(sink.lines[2].second, "b 2");
  EXPECT_EQ(sink.lines[3].second.size(), kMaxLineBytes);
  EXPECT_TRUE(sink.cut[3]);
  EXPECT_EQ(sink.lines[4].second, "last");
  EXPECT_FALSE(sink.cut[4]);
}

// A WARC entry that turns out damaged (its CRC fails at the end) takes back
// the records it already streamed.
TEST(ArchiveScanTest, DamagedWarcEntryIsDropped) {
  std::string dir = testing::FreshDir("scan-damaged");
  std::string warc = Gzip(Response("body"));
  testing::WriteZip(dir + "/a.wacz", {{kWarcEntry, warc}});
  std::string zip = testing::ReadFile(dir + "/a.wacz");
  size_t at = zip.find(warc);
  ASSERT_NE(at, std::string::npos);
  zip[at + warc.size() - 5] ^= 1;  // the gzip trailer's size: the records read, the CRC fails
  testing::WriteFile(dir + "/a.wacz", zip);
  CollectingSink sink;
  auto scan = ScanArchive(dir + "/a.wacz", true, &sink);
  ASSERT_TRUE(scan.ok());
  EXPECT_TRUE(scan->warcs.empty());
  EXPECT_EQ(sink.dropped, std::vector<std::string>{kWarcEntry});
}

// WACZ 1.1.1 allows any layout under archive/, indexes/ and pages/: every
// WARC streams with its own name (a plain .warc too), every index and
// pages file line by line.
TEST(ArchiveScanTest, EveryWarcIndexAndPagesEntryOfAnyName) {
  std::string dir = testing::FreshDir("scan-layout");
  std::string plain = Response("two");
  testing::WriteZip(dir + "/a.wacz", {{"archive/rec-1.warc.gz", Gzip(Response("one"))},
                                      {"archive/rec-2.warc", plain},
                                      {"archive/notes.txt", "not a WARC"},
                                      {"indexes/index.cdxj", "a 1\n"},
                                      {"indexes/extra.cdxj", "b 2\n"},
                                      {"pages/extraPages.jsonl", "{}\n"}});
  CollectingSink sink;
  auto scan = ScanArchive(dir + "/a.wacz", true, &sink);
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->warcs.size(), 2u);
  EXPECT_EQ(scan->warcs[1].name, "archive/rec-2.warc");
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[0].warc, "archive/rec-1.warc.gz");
  EXPECT_EQ(sink.records[1].warc, "archive/rec-2.warc");
  EXPECT_EQ(sink.records[1].header.offset, 0u);
  EXPECT_EQ(sink.records[1].header.length, plain.size());
  ASSERT_EQ(sink.lines.size(), 3u);
  EXPECT_EQ(sink.lines[1], (std::pair<std::string, std::string>{"indexes/extra.cdxj", "b 2"}));
  EXPECT_EQ(sink.lines[2].first, "pages/extraPages.jsonl");
}

TEST(ArchiveScanTest, NeitherZipNorGzipIsInvalidInput) {
  std::string dir = testing::FreshDir("scan-neither");
  testing::WriteFile(dir + "/x.wacz", "x");
  CollectingSink sink;
  EXPECT_EQ(ScanArchive(dir + "/x.wacz", true, &sink).status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(ScanArchive(dir + "/none.wacz", true, &sink).status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace rotproof
