#include "rotproof/verify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "gzip.h"
#include "rotproof/digest.h"
#include "run.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

std::string Record(const std::string& type, const std::string& id, const std::string& uri, const std::string& block,
                   const std::string& extra = "") {
  return "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: " + id +
         "\r\nWARC-Date: 2022-08-31T01:23:00Z\r\nWARC-Target-URI: " + uri + "\r\n" + extra +
         "Content-Type: application/octet-stream\r\nWARC-Payload-Digest: " + Sha256Digest(block) +
         "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string Revisit(const std::string& id, const std::string& refers, const std::string& date) {
  return "WARC/1.1\r\nWARC-Type: revisit\r\nWARC-Record-ID: " + id +
         "\r\nWARC-Date: 2022-08-31T01:23:00Z\r\nWARC-Target-URI: http://p.test/a\r\n"
         "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n"
         "WARC-Refers-To: " +
         refers + "\r\nWARC-Refers-To-Date: " + date + "\r\nWARC-Payload-Digest: " + Sha256Digest("A") +
         "\r\nContent-Length: 0\r\n\r\n\r\n\r\n";
}

std::vector<std::string> Codes(const VerifyReport& r) {
  std::vector<std::string> codes;
  for (const Finding& f : r.findings) codes.push_back(f.code);
  return codes;
}

std::string Join(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) out += c + " ";
  return out;
}

size_t Count(const VerifyReport& r, const std::string& code) {
  auto codes = Codes(r);
  return std::count(codes.begin(), codes.end(), code);
}

// The cross-checks look records up wherever they are: a revisit may come
// before the record it names.
TEST(VerifyTest, RevisitsResolveForwardAndBackward) {
  std::string dir = testing::FreshDir("verify-revisit");
  std::string warc = testing::Gzip(Revisit("<urn:r1>", "<urn:a>", "2022-08-31T01:23:00Z")) +
                     testing::Gzip(Record("resource", "<urn:a>", "http://o.test/a", "A")) +
                     testing::Gzip(Revisit("<urn:r2>", "<urn:a>", "2022-08-31T01:23:00Z")) +
                     testing::Gzip(Revisit("<urn:r3>", "<urn:a>", "1999-01-01T00:00:00Z")) +
                     testing::Gzip(Revisit("<urn:r4>", "<urn:none>", "2022-08-31T01:23:00Z"));
  testing::WriteFile(dir + "/a.warc.gz", warc);
  VerifyReport r = VerifyArchive(dir + "/a.warc.gz", {});
  EXPECT_EQ(r.records, 5u);
  EXPECT_EQ(Count(r, "E-REVISIT-REFERS"), 1u) << Join(Codes(r));  // r3's date
  // r4's target may be in another WARC of the crawl: a bare WARC by another
  // tool is not wrong for that.
  EXPECT_EQ(Count(r, "W-REVISIT-ELSEWHERE"), 1u) << Join(Codes(r));
  EXPECT_EQ(Count(r, "E-REVISIT-DIGEST"), 0u);
}

// WARC 1.1 §5: what each record's fields must look like, and which links
// to other records must land. Links that miss, odd URIs and old versions are
// warnings; a date or id that is not the format's is an error.
TEST(VerifyTest, FieldShapesAndLinksBetweenRecords) {
  std::string dir = testing::FreshDir("verify-fields");
  std::string info =
      "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:info>\r\n"
      "WARC-Date: 2022-08-31T01:23:00.123Z\r\nContent-Length: 0\r\n\r\n\r\n\r\n";
  std::string old = Record("resource", "<urn:old>", "http://o.test/o", "O");
  old.replace(0, 8, "WARC/0.18");
  std::string warc =
      testing::Gzip(info) +
      testing::Gzip(Record("resource", "<urn:a>", "http://o.test/a", "A",
                           "WARC-Warcinfo-ID: <urn:info>\r\nWARC-Concurrent-To: <urn:gone>\r\n")) +
      testing::Gzip(Record("resource", "urn:no-brackets", "<http://o.test/b>", "B")) +
      testing::Gzip(Record("resource", "<urn:c>", "http://o.test/c d", "C")) +
      testing::Gzip(Record("resource", "<urn:s>", "http://o.test/s", "S", "WARC-Segment-Number: 1\r\n")) +
      testing::Gzip(old);
  std::string bad_date = Record("resource", "<urn:d>", "http://o.test/d", "D");
  bad_date.replace(bad_date.find("2022-08-31T01:23:00Z"), 20, "31/08/2022 01:23");
  testing::WriteFile(dir + "/a.warc.gz", warc + testing::Gzip(bad_date));
  VerifyReport r = VerifyArchive(dir + "/a.warc.gz", {});
  EXPECT_EQ(r.records, 7u);
  EXPECT_EQ(Count(r, "W-LINK-TARGET"), 1u) << Join(Codes(r));  // <urn:gone>; <urn:info> exists
  EXPECT_EQ(Count(r, "E-RECORD-ID"), 1u) << Join(Codes(r));
  EXPECT_EQ(Count(r, "W-TARGET-URI"), 2u) << Join(Codes(r));          // '<...>' in a 1.1 record, a space
  EXPECT_EQ(Count(r, "W-SEGMENT-INCOMPLETE"), 1u) << Join(Codes(r));  // <urn:s> has no other segment
  EXPECT_EQ(Count(r, "W-WARC-VERSION"), 1u) << Join(Codes(r));
  EXPECT_EQ(Count(r, "E-WARC-DATE"), 1u) << Join(Codes(r));  // fractions are fine in 1.1
  EXPECT_EQ(Count(r, "E-PAYLOAD-DIGEST"), 0u) << Join(Codes(r));
}

// WARC 1.1 §5.x: a record split into segments; the first segment's
// payload digest covers the payload reassembled from every segment, in
// order.
TEST(VerifyTest, SegmentedRecordsAreReassembledForTheirDigest) {
  std::string dir = testing::FreshDir("verify-segments");
  auto continuation = [](const std::string& id, const std::string& number, const std::string& block,
                         const std::string& extra) {
    return "WARC/1.1\r\nWARC-Type: continuation\r\nWARC-Record-ID: " + id +
           "\r\nWARC-Date: 2022-08-31T01:23:00Z\r\nWARC-Target-URI: http://o.test/s\r\n"
           "WARC-Segment-Origin-ID: <urn:s1>\r\nWARC-Segment-Number: " +
           number + "\r\n" + extra + "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block +
           "\r\n\r\n";
  };
  std::string first = Record("resource", "<urn:s1>", "http://o.test/s", "ABC", "WARC-Segment-Number: 1\r\n");
  first.replace(first.find(Sha256Digest("ABC")), Sha256Digest("ABC").size(), Sha256Digest("ABCDEFGH"));
  std::string whole = testing::Gzip(first) + testing::Gzip(continuation("<urn:s2>", "2", "DEF", "")) +
                      testing::Gzip(continuation("<urn:s3>", "3", "GH", "WARC-Segment-Total-Length: 8\r\n"));
  testing::WriteFile(dir + "/whole.warc.gz", whole);
  VerifyReport ok = VerifyArchive(dir + "/whole.warc.gz", {});
  EXPECT_TRUE(ok.findings.empty()) << Join(Codes(ok));
  std::string bad = whole;
  bad.replace(bad.find(testing::Gzip(continuation("<urn:s3>", "3", "GH", "WARC-Segment-Total-Length: 8\r\n"))),
              std::string::npos,
              testing::Gzip(continuation("<urn:s3>", "3", "GX", "WARC-Segment-Total-Length: 8\r\n")));
  testing::WriteFile(dir + "/bad.warc.gz", bad);
  EXPECT_EQ(Count(VerifyArchive(dir + "/bad.warc.gz", {}), "E-PAYLOAD-DIGEST"), 1u);
  testing::WriteFile(dir + "/open.warc.gz",
                     testing::Gzip(first) + testing::Gzip(continuation("<urn:s2>", "2", "DEF", "")));
  VerifyReport open = VerifyArchive(dir + "/open.warc.gz", {});
  EXPECT_EQ(Codes(open), std::vector<std::string>{"W-SEGMENT-INCOMPLETE"});
}

// HTTP blocks start with a status or request line and their head ends.
TEST(VerifyTest, HttpBlocksParse) {
  std::string dir = testing::FreshDir("verify-http");
  auto http = [](const std::string& type, const std::string& id, const std::string& block) {
    std::string r = Record(type, id, "http://o.test/a", block);
    r.replace(r.find("application/octet-stream"), 24, "application/http;msgtype=" + type);
    return testing::Gzip(r);
  };
  testing::WriteFile(dir + "/a.warc.gz", http("response", "<urn:1>", "HTTP/1.1 200 OK\r\n\r\nA") +
                                             http("response", "<urn:2>", "HTTP/2 404 \r\n\r\n") +
                                             http("request", "<urn:3>", "GET /a HTTP/1.1\r\nHost: o.test\r\n\r\n") +
                                             http("response", "<urn:4>", "<html>not a head</html>") +
                                             http("response", "<urn:5>", "200 OK\r\n\r\n") +
                                             http("request", "<urn:6>", "GET\r\n\r\n"));
  VerifyReport r = VerifyArchive(dir + "/a.warc.gz", {});
  EXPECT_EQ(Count(r, "E-HTTP-HEAD"), 3u) << Join(Codes(r));  // 4, 5 and 6
}

TEST(VerifyTest, DuplicateIdsAreFoundWhateverTheirNumber) {
  std::string dir = testing::FreshDir("verify-dup");
  std::string warc;
  for (int i = 0; i < 3000; ++i)
    warc += testing::Gzip(Record("resource", "<urn:" + std::to_string(i % 1000) + ">",
                                 "http://o.test/" + std::to_string(i), std::to_string(i)));
  testing::WriteFile(dir + "/a.warc.gz", warc);
  VerifyReport r = VerifyArchive(dir + "/a.warc.gz", {});
  EXPECT_EQ(r.records, 3000u);
  EXPECT_EQ(Count(r, "E-DUPLICATE-ID"), 2000u);
}

// One article's records and manifest, its one reference naming `record`.
std::string Article(const std::string& slug, const std::string& record) {
  std::string original = "x", rewritten = "xassets/a.png";
  nlohmann::json manifest = {
      {"article",
       {{"slug", slug},
        {"original", {{"record_id", "<urn:o-" + slug + ">"}, {"digest", Sha256Digest(original)}}},
        {"rewritten", {{"record_id", "<urn:w-" + slug + ">"}, {"digest", Sha256Digest(rewritten)}}}}},
      {"references",
       {{{"where", "img@src"},
         {"url", "http://p.test/a"},
         {"status", "archived"},
         {"local_path", "assets/a.png"},
         {"record_id", record},
         {"payload_digest", Sha256Digest("A")},
         {"bytes", 1},
         {"span", {1, 1}}}}}};
  return testing::Gzip(Record("resource", "<urn:o-" + slug + ">", "urn:rotproof:original:" + slug, original)) +
         testing::Gzip(Record("resource", "<urn:w-" + slug + ">", "urn:rotproof:rewritten:" + slug, rewritten)) +
         testing::Gzip(Record("metadata", "<urn:m-" + slug + ">", "urn:rotproof:manifest:" + slug, manifest.dump()));
}

// A package holds a manifest per article, each audited and named by its
// article; a reference whose record is a revisit is checked against the
// record that stores the payload.
TEST(VerifyTest, EveryManifestOfAPackageIsAuditedThroughRevisits) {
  std::string dir = testing::FreshDir("verify-package");
  std::string warc = testing::Gzip(Record("resource", "<urn:a>", "http://o.test/a", "A")) +
                     testing::Gzip(Revisit("<urn:r1>", "<urn:a>", "2022-08-31T01:23:00Z")) +
                     testing::Gzip(Revisit("<urn:r2>", "<urn:gone>", "2022-08-31T01:23:00Z")) +
                     Article("p", "<urn:a>") + Article("q", "<urn:r1>") + Article("s", "<urn:r2>");
  testing::WriteFile(dir + "/a.warc.gz", warc);
  VerifyReport r = VerifyArchive(dir + "/a.warc.gz", {});
  EXPECT_TRUE(r.rotproof_profile);
  EXPECT_EQ(r.references, 3u);
  EXPECT_EQ(r.archived, 3u);
  std::vector<std::string> manifest_findings;
  for (const Finding& f : r.findings)
    if (f.code.starts_with("E-MANIFEST") || f.code == "E-REWRITE-MISMATCH")
      manifest_findings.push_back(f.code + " " + f.where);
  EXPECT_EQ(manifest_findings, std::vector<std::string>{"E-MANIFEST-RECORD manifest of s reference 0"});
}

// The index is checked against the records whichever comes first in the zip.
TEST(VerifyTest, IndexBeforeTheWarcInTheZipIsStillChecked) {
  std::string dir = testing::FreshDir("verify-order");
  std::string first = testing::Gzip(Record("resource", "<urn:a>", "http://o.test/a", "A"));
  std::string second = testing::Gzip(Record("resource", "<urn:b>", "http://o.test/b", "B"));
  std::string good = "a 20220831012300 {\"url\":\"http://o.test/a\",\"digest\":\"" + Sha256Digest("A") +
                     "\",\"offset\":0,\"length\":" + std::to_string(first.size()) + "}\n";
  std::string bad = "b 20220831012300 {\"url\":\"http://o.test/b\",\"offset\":1,\"length\":2}\n";
  testing::WriteZip(dir + "/a.wacz", {{"indexes/index.cdxj", good + bad}, {"archive/data.warc.gz", first + second}});
  VerifyReport r = VerifyArchive(dir + "/a.wacz", {});
  EXPECT_EQ(Count(r, "E-CDXJ-OFFSET"), 1u) << Join(Codes(r));
  for (const Finding& f : r.findings) {
    if (f.code == "E-CDXJ-OFFSET") {
      EXPECT_EQ(f.where, "indexes/index.cdxj:2");
    }
  }
  EXPECT_EQ(Count(r, "E-CDXJ-URL") + Count(r, "E-CDXJ-DIGEST"), 0u);
}

}  // namespace
}  // namespace rotproof
