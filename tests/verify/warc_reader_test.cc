#include "rotproof/warc_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>

#include "gzip.h"
#include "run.h"

namespace rotproof {
namespace {

using testing::Gzip;

std::string Record(const std::string& block, const std::string& length = "") {
  return "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: " +
         (length.empty() ? std::to_string(block.size()) : length) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::vector<std::string> Codes(const std::vector<ReadIssue>& issues) {
  std::vector<std::string> codes;
  for (const auto& i : issues) codes.push_back(i.code);
  return codes;
}

TEST(WarcReaderTest, ReadsMembersWithOffsets) {
  std::string a = Gzip(Record("one")), b = Gzip(Record("two!"));
  std::vector<ReadIssue> issues;
  auto recs = ReadWarcGz(a + b, &issues);
  EXPECT_TRUE(issues.empty());
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].offset, a.size());
  EXPECT_EQ(recs[1].length, b.size());
  EXPECT_EQ(recs[1].block, "two!");
  EXPECT_EQ(recs[0].Field("warc-type"), "resource");
}

TEST(WarcReaderTest, ContentLengthTooLargeIsReported) {
  std::vector<ReadIssue> issues;
  auto recs = ReadWarcGz(Gzip(Record("abc", "99")), &issues);
  EXPECT_EQ(Codes(issues), std::vector<std::string>{"E-CONTENT-LENGTH"});
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_TRUE(recs[0].truncated);
}

TEST(WarcReaderTest, ContentLengthTooSmallBreaksTheTrailer) {
  std::vector<ReadIssue> issues;
  ReadWarcGz(Gzip(Record("abcdef", "3")), &issues);
  EXPECT_EQ(Codes(issues), std::vector<std::string>{"E-TRAILER"});
}

TEST(WarcReaderTest, TwoRecordsInOneMember) {
  std::vector<ReadIssue> issues;
  auto recs = ReadWarcGz(Gzip(Record("a") + Record("b")), &issues);
  EXPECT_EQ(Codes(issues), std::vector<std::string>{"W-GZIP-MEMBER"});
  ASSERT_EQ(recs.size(), 2u);  // read all the same
  EXPECT_EQ(recs[1].block, "b");
}

// A plain .warc: records back to back, each offset and length its own
// bytes'; after a damaged record, reading resumes at the next line that
// starts "WARC/", even when that marker is split between two pieces.
TEST(WarcReaderTest, PlainWarcOffsetsAndResyncAfterDamage) {
  std::string a = Record("aaa"), bad = Record("bbbbbb", "3"), c = Record("c");
  std::string plain = a + bad + c;
  for (size_t piece : {size_t{1}, size_t{7}, plain.size()}) {
    std::vector<ReadIssue> issues;
    std::vector<WarcRecordView> recs;
    struct Collect : WarcRecordSink {
      std::vector<WarcRecordView>* out;
      void OnHeader(const WarcRecordView& r) override { out->push_back(r); }
      void OnBlock(std::string_view b) override { out->back().block.append(b); }
      void OnEnd(const WarcRecordView& r, bool) override {
        out->back().length = r.length;
        out->back().truncated = r.truncated;
      }
    } collect;
    collect.out = &recs;
    WarcReader reader(&collect, &issues, {}, WarcFraming::kPlain);
    for (size_t at = 0; at < plain.size(); at += piece) reader.Feed(std::string_view(plain).substr(at, piece));
    reader.Finish();
    ASSERT_EQ(recs.size(), 3u) << piece;
    EXPECT_EQ(recs[0].offset, 0u);
    EXPECT_EQ(recs[0].length, a.size());
    EXPECT_EQ(recs[0].block, "aaa");
    EXPECT_EQ(recs[1].offset, a.size());
    EXPECT_EQ(recs[2].offset, a.size() + bad.size()) << piece;
    EXPECT_EQ(recs[2].block, "c");
    EXPECT_EQ(Codes(issues), std::vector<std::string>{"E-TRAILER"}) << piece;
  }
}

// A misaligned gzip: a record cut into two members is read whole (with a
// warning); a member that ends a record short, followed by a new record,
// is a short record.
TEST(WarcReaderTest, RecordsAcrossGzipMembers) {
  std::string a = Record("split across members"), b = Record("b");
  for (size_t piece : {size_t{1}, size_t{3}, size_t{1} << 20}) {
    std::vector<ReadIssue> issues;
    std::string gz = Gzip(a.substr(0, 40)) + Gzip(a.substr(40)) + Gzip(b);
    std::vector<WarcRecordView> recs;
    struct Collect : WarcRecordSink {
      std::vector<WarcRecordView>* out;
      void OnHeader(const WarcRecordView& r) override { out->push_back(r); }
      void OnBlock(std::string_view x) override { out->back().block.append(x); }
      void OnEnd(const WarcRecordView&, bool) override {}
    } collect;
    collect.out = &recs;
    WarcReader reader(&collect, &issues);
    for (size_t at = 0; at < gz.size(); at += piece) reader.Feed(std::string_view(gz).substr(at, piece));
    reader.Finish();
    ASSERT_EQ(recs.size(), 2u) << piece;
    EXPECT_EQ(recs[0].block, "split across members");
    EXPECT_EQ(recs[1].block, "b");
    EXPECT_EQ(Codes(issues), std::vector<std::string>{"W-GZIP-MEMBER"}) << piece;
  }
  std::vector<ReadIssue> issues;
  auto recs = ReadWarcGz(Gzip(Record("short", "20")) + Gzip(b), &issues);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_TRUE(recs[0].truncated);
  EXPECT_EQ(recs[1].block, "b");
  EXPECT_EQ(Codes(issues), std::vector<std::string>{"E-CONTENT-LENGTH"});
}

// Line endings other than CRLF are named, not only found missing.
TEST(WarcReaderTest, OtherLineEndingsAreNamed) {
  std::string crlf = Record("x");
  std::string lf, crcrlf;
  for (char c : crlf) {
    if (c != '\r') lf += c;
    crcrlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  for (auto [text, want] : {std::pair{lf, "LF alone"}, std::pair{crcrlf, "CR CR LF"}}) {
    std::vector<ReadIssue> issues;
    ReadWarcGz(Gzip(text), &issues);
    ASSERT_EQ(Codes(issues), std::vector<std::string>{"E-WARC-HEADER"});
    EXPECT_NE(issues[0].message.find(want), std::string::npos) << issues[0].message;
  }
}

TEST(WarcReaderTest, TruncatedGzipStopsWithAFinding) {
  std::string good = Gzip(Record("one"));
  std::string cut = Gzip(Record("two"));
  cut.resize(cut.size() / 2);
  std::vector<ReadIssue> issues;
  auto recs = ReadWarcGz(good + cut, &issues);
  EXPECT_EQ(recs.size(), 1u);
  ASSERT_EQ(Codes(issues), std::vector<std::string>{"E-GZIP"});
  EXPECT_EQ(issues[0].offset, good.size());
  EXPECT_EQ(issues[0].message, "gzip member is truncated; the rest of the file was not read");
}

TEST(WarcReaderTest, NotAWarcAndBadHeaderLines) {
  std::vector<ReadIssue> issues;
  ReadWarcGz(Gzip("HTTP/1.1 200 OK\r\n\r\n"), &issues);
  ReadWarcGz(Gzip("WARC/1.1\r\nno colon here\r\n\r\n"), &issues);
  ReadWarcGz(Gzip("WARC/1.1\r\nContent-Length: x1\r\n\r\n"), &issues);
  EXPECT_EQ(Codes(issues), (std::vector<std::string>{"E-WARC-VERSION", "E-WARC-HEADER", "E-CONTENT-LENGTH"}));
}

TEST(WarcReaderTest, GzipBombsAndHugeHeadersAreLimited) {
  std::vector<ReadIssue> issues;
  std::string bomb = Gzip(Record(std::string(64 << 20, '\0')));  // 64 MiB of zeros, ~64 KiB gzipped
  auto recs = ReadWarcGz(bomb, &issues);
  EXPECT_TRUE(recs.empty());
  ASSERT_EQ(Codes(issues), std::vector<std::string>{"E-LIMIT"});
  EXPECT_NE(issues[0].message.find("gzip bomb"), std::string::npos);

  issues.clear();
  WarcLimits small;
  small.max_record_bytes = 100;
  ReadWarcGz(Gzip(Record(std::string(200, 'x'))), &issues, small);
  EXPECT_EQ(Codes(issues), std::vector<std::string>{"E-LIMIT"});

  issues.clear();
  std::string many = "WARC/1.1\r\n";
  for (int i = 0; i < 1500; ++i) many += "X-F" + std::to_string(i) + ": v\r\n";
  ReadWarcGz(Gzip(many + "Content-Length: 0\r\n\r\n\r\n\r\n"), &issues);
  EXPECT_EQ(Codes(issues), std::vector<std::string>{"E-WARC-HEADER"});
}

// Writes down everything a reader reports, one line per event, with each
// record's block whole, so that runs fed in different pieces compare equal.
// Where a broken member stops depends on the pieces, so neither its bytes
// nor the byte counts in the issue's message are written down.
class EventLog : public WarcRecordSink {
 public:
  std::string text;
  void OnHeader(const WarcRecordView& r) override {
    text += "header@" + std::to_string(r.offset) + " " + std::to_string(r.fields.size()) + "\n";
    block_.clear();
  }
  void OnBlock(std::string_view bytes) override { block_.append(bytes); }
  void OnEnd(const WarcRecordView& r, bool whole) override {
    text += "end " + std::to_string(r.length) + (r.truncated ? " truncated" : "") +
            (whole ? " [" + block_ + "]\n" : " broken\n");
  }

 private:
  std::string block_;
};

std::string ReadInPieces(const std::string& gz, size_t piece) {
  EventLog log;
  std::vector<ReadIssue> issues;
  WarcReader reader(&log, &issues);
  for (size_t at = 0; at < gz.size(); at += piece)
    if (!reader.Feed(std::string_view(gz).substr(at, piece))) break;
  reader.Finish();
  for (const ReadIssue& i : issues) log.text += i.code + "@" + std::to_string(i.offset) + "\n";
  return log.text;
}

// Headers, trailers and member ends falling anywhere in a piece: the
// malformed fixtures put each kind of framing damage at such boundaries.
TEST(WarcReaderTest, PiecesOfAnySizeReadTheSame) {
  size_t fixtures = 0;
  for (const auto& f : std::filesystem::directory_iterator(testing::Fixture("malformed"))) {
    if (f.path().string().find(".warc.gz") == std::string::npos) continue;
    ++fixtures;
    std::string gz = testing::ReadFile(f.path().string());
    if (gz.empty()) continue;
    std::string whole = ReadInPieces(gz, gz.size() + 1);
    EXPECT_NE(whole, "") << f.path();
    for (size_t piece : {1, 2, 3, 5, 4096})
      EXPECT_EQ(ReadInPieces(gz, piece), whole) << f.path() << " in pieces of " << piece;
  }
  EXPECT_GT(fixtures, 30u);
}

TEST(WarcReaderTest, HttpPayloadFollowsTheHead) {
  WarcRecordView r;
  r.fields = {{"Content-Type", "application/http;msgtype=response"}};
  r.block = "HTTP/1.1 200 OK\r\nA: b\r\n\r\nBODY";
  std::string_view head;
  EXPECT_EQ(RecordPayload(r, &head), "BODY");
  EXPECT_EQ(head, "HTTP/1.1 200 OK\r\nA: b\r\n\r\n");
}

}  // namespace
}  // namespace rotproof
