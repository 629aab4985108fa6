// WARC 1.1 and WACZ 1.1.1, checked field by field on archives the real
// binary writes (docs/conformance.md lists which test covers which item).

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "archive_env.h"
#include "rotproof/digest.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;

// `text` has `pattern`'s shape: '9' a digit, 'x' a lowercase hex digit,
// anything else itself.
bool Shaped(const std::string& text, const std::string& pattern) {
  if (text.size() != pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char t = text[i], p = pattern[i];
    bool ok = p == '9'   ? std::isdigit(static_cast<unsigned char>(t)) != 0
              : p == 'x' ? (std::isdigit(static_cast<unsigned char>(t)) || (t >= 'a' && t <= 'f'))
                         : t == p;
    if (!ok) return false;
  }
  return true;
}
const std::string kDigest = "sha256:" + std::string(64, 'x');
const std::string kDate = "9999-99-99T99:99:99Z";
const std::string kId = "<urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx>";

class ConformanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(FreshDir("conformance"));
    FakeOrigin origin;
    WriteFile(*dir_ + "/mixed.md",
              "---\ntitle: mixed\nheadimg: http://cors.zfour.workers.dev/?http://img.test/a.png\n---\n"
              "<img src=\"http://img.test/same-1.png\"><img src=\"http://img.test/same-2.png\">"
              "<img src=\"http://img.test/redirect-1/b.png\"><img src=\"http://img.test/chunked.png\">\n");
    ASSERT_EQ(ArchiveWith(origin, {*dir_ + "/mixed.md"}, *dir_).exit_code, 0);
    wacz_ = new std::string(*dir_ + "/mixed.wacz");
    auto zip = ReadZip(*wacz_);
    ASSERT_TRUE(zip.ok());
    entries_ = new std::map<std::string, std::string>;
    for (const ZipEntry& e : zip->entries) (*entries_)[e.name] = e.data;
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete wacz_;
    delete entries_;
  }
  static std::string* dir_;
  static std::string* wacz_;
  static std::map<std::string, std::string>* entries_;
};
std::string* ConformanceTest::dir_ = nullptr;
std::string* ConformanceTest::wacz_ = nullptr;
std::map<std::string, std::string>* ConformanceTest::entries_ = nullptr;

// WARC 1.1 §5–6, as jwarc's HeaderValidator enforces them.
TEST_F(ConformanceTest, WarcFieldsPerRecordType) {
  const std::map<std::string, std::vector<std::string>> must = {
      {"warcinfo", {}},
      {"resource", {"WARC-Target-URI"}},
      {"request", {"WARC-Target-URI"}},
      {"response", {"WARC-Target-URI"}},
      {"metadata", {}},
      {"revisit",
       {"WARC-Target-URI", "WARC-Profile", "WARC-Payload-Digest", "WARC-Refers-To", "WARC-Refers-To-Target-URI",
        "WARC-Refers-To-Date"}}};
  const std::map<std::string, std::vector<std::string>> must_not = {
      {"warcinfo",
       {"WARC-Target-URI", "WARC-Concurrent-To", "WARC-IP-Address", "WARC-Refers-To", "WARC-Payload-Digest",
        "WARC-Warcinfo-ID"}},
      {"response", {"WARC-Refers-To", "WARC-Filename", "WARC-Profile"}},
      {"resource", {"WARC-Refers-To", "WARC-Filename"}},
      {"request", {"WARC-Refers-To", "WARC-Filename"}},
      {"metadata", {"WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Payload-Digest"}},
      {"revisit", {"WARC-Filename"}}};
  std::set<std::string> types;
  std::vector<WarcRecordView> records = RecordsOf(*wacz_);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0].Field("WARC-Type"), "warcinfo");
  for (const WarcRecordView& r : records) {
    std::string type = r.Field("WARC-Type");
    SCOPED_TRACE(type + " " + r.Field("WARC-Target-URI"));
    types.insert(type);
    EXPECT_EQ(r.version, "WARC/1.1");
    for (const char* f : {"WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type"})
      EXPECT_EQ(r.FieldCount(f), 1u) << f;
    EXPECT_TRUE(Shaped(r.Field("WARC-Record-ID"), kId));
    EXPECT_TRUE(Shaped(r.Field("WARC-Date"), kDate));
    ASSERT_TRUE(must.count(type)) << "unexpected type";
    for (const auto& f : must.at(type)) EXPECT_EQ(r.FieldCount(f), 1u) << f;
    for (const auto& f : must_not.at(type)) EXPECT_EQ(r.FieldCount(f), 0u) << f;
    EXPECT_TRUE(Shaped(r.Field("WARC-Block-Digest"), kDigest));
    if (r.FieldCount("WARC-Payload-Digest")) {
      EXPECT_TRUE(Shaped(r.Field("WARC-Payload-Digest"), kDigest));
    }
    if (!r.block.empty()) {
      EXPECT_FALSE(r.Field("Content-Type").empty());
    }
    if (type == "request" || type == "response") {
      EXPECT_EQ(r.Field("WARC-IP-Address"), "127.0.0.1");
      EXPECT_EQ(r.FieldCount("WARC-Concurrent-To"), 1u);
      EXPECT_EQ(r.Field("Content-Type"), "application/http;msgtype=" + type);
    }
    if (type == "response") {
      std::string_view head;
      EXPECT_EQ(r.Field("WARC-Payload-Digest"), Sha256Digest(RecordPayload(r, &head)));
      EXPECT_EQ(head.substr(0, 9), "HTTP/1.1 ");
      EXPECT_EQ(head.find("\r\nTransfer-Encoding:"), std::string_view::npos);
    }
    if (type == "revisit") {
      EXPECT_EQ(r.Field("WARC-Profile"), "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest");
    }
    if (type != "warcinfo") {
      EXPECT_EQ(r.Field("WARC-Warcinfo-ID"), records[0].Field("WARC-Record-ID"));
    }
  }
  EXPECT_EQ(types, (std::set<std::string>{"warcinfo", "resource", "request", "response", "revisit", "metadata"}));
}

// Annex D: one gzip member per record, and the framing CRLF CRLF after each block.
TEST_F(ConformanceTest, RecordAtATimeGzipAndFraming) {
  std::vector<ReadIssue> issues;
  auto records = ReadWarcGz((*entries_)["archive/data.warc.gz"], &issues);
  EXPECT_TRUE(issues.empty());
  uint64_t expected_offset = 0;
  for (const auto& r : records) {
    EXPECT_EQ(r.offset, expected_offset);
    expected_offset += r.length;
  }
  EXPECT_EQ(expected_offset, (*entries_)["archive/data.warc.gz"].size());
}

TEST_F(ConformanceTest, DatapackageAndDigestFile) {
  auto dp = nlohmann::json::parse((*entries_)["datapackage.json"]);
  EXPECT_EQ(dp["profile"], "data-package");
  EXPECT_EQ(dp["wacz_version"], "1.1.1");
  for (const char* key : {"title", "created", "software", "mainPageUrl", "mainPageDate"})
    EXPECT_TRUE(dp.contains(key)) << key;
  std::set<std::string> listed;
  for (const auto& r : dp["resources"]) {
    std::string path = r["path"];
    listed.insert(path);
    EXPECT_EQ(r["name"], path.substr(path.rfind('/') + 1));
    EXPECT_EQ(r["hash"], Sha256Digest((*entries_)[path]));
    EXPECT_EQ(r["bytes"], (*entries_)[path].size());
  }
  EXPECT_EQ(listed, (std::set<std::string>{"archive/data.warc.gz", "indexes/index.cdxj", "pages/pages.jsonl"}));
  auto digest = nlohmann::json::parse((*entries_)["datapackage-digest.json"]);
  EXPECT_EQ(digest["path"], "datapackage.json");
  EXPECT_EQ(digest["hash"], Sha256Digest((*entries_)["datapackage.json"]));
}

// WACZ §Zip: already-compressed files are STORED (method 0 in the local header).
TEST_F(ConformanceTest, WarcIsStoredNotDeflated) {
  std::string zip = ReadFile(*wacz_);
  const std::string name = "archive/data.warc.gz";
  size_t at = zip.find(name);
  ASSERT_NE(at, std::string::npos);
  size_t header = zip.rfind("PK\x03\x04", at);
  ASSERT_NE(header, std::string::npos);
  int method = static_cast<unsigned char>(zip[header + 8]) | static_cast<unsigned char>(zip[header + 9]) << 8;
  EXPECT_EQ(method, 0);
}

TEST_F(ConformanceTest, CdxjLinesAndPages) {
  std::istringstream in((*entries_)["indexes/index.cdxj"]);
  std::string l, previous;
  int n = 0;
  while (std::getline(in, l)) {
    size_t s1 = l.find(' '), s2 = l.find(' ', s1 + 1);
    ASSERT_NE(s2, std::string::npos) << l;
    EXPECT_TRUE(Shaped(l.substr(s1 + 1, s2 - s1 - 1), "99999999999999")) << l;
    auto j = nlohmann::json::parse(l.substr(s2 + 1));
    for (const char* key : {"url", "digest", "mime", "filename", "offset", "length", "status"})
      EXPECT_TRUE(j.contains(key)) << key << " in " << l;
    EXPECT_EQ(j["filename"], "data.warc.gz");
    EXPECT_GE(l, previous);
    previous = l;
    ++n;
  }
  EXPECT_GE(n, 8);
  std::istringstream pages((*entries_)["pages/pages.jsonl"]);
  std::getline(pages, l);
  auto header = nlohmann::json::parse(l);
  EXPECT_EQ(header["format"], "json-pages-1.0");
  EXPECT_EQ(header["id"], "pages");
  std::getline(pages, l);
  auto page = nlohmann::json::parse(l);
  EXPECT_EQ(page["url"], "https://rotproof.invalid/mixed/");
  EXPECT_TRUE(page.contains("ts"));
  // The page is in the archive, and its images resolve to archived URLs.
  const WarcRecordView* html = nullptr;
  auto records = RecordsOf(*wacz_);
  for (const auto& r : records)
    if (r.Field("WARC-Target-URI") == page["url"]) html = &r;
  ASSERT_NE(html, nullptr);
  EXPECT_NE(html->block.find("<img src=\"http://img.test/same-1.png\">"), std::string::npos) << html->block;
  EXPECT_NE(html->block.find("<h1>mixed</h1>"), std::string::npos);
  EXPECT_NE(html->block.find("<img src=\"http://img.test/a.png\" alt=\"\">"), std::string::npos);
}

}  // namespace
}  // namespace rotproof
