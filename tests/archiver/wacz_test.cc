#include "rotproof/wacz.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rotproof/warc_format.h"
#include "rotproof/zip_reader.h"
#include "run.h"

namespace rotproof {
namespace {

using nlohmann::json;

std::map<std::string, std::string> Write(const WaczContents& contents, const std::string& path) {
  auto pending = PendingFile::Create(path);
  EXPECT_TRUE(pending.ok());
  EXPECT_TRUE(WriteWacz(contents, pending->fd(), path).ok());
  EXPECT_TRUE(pending->Commit().ok());
  std::map<std::string, std::string> entries;
  auto zip = ReadZip(path);
  EXPECT_TRUE(zip.ok());
  for (const ZipEntry& e : zip->entries) entries[e.name] = e.data;
  return entries;
}

// A package of several articles: a page each, no main page, the index in
// the form it was laid out in.
TEST(WaczTest, PagesAndTheIndexAsLaidOut) {
  std::string dir = testing::FreshDir("wacz-pages");
  SpillBuffer warc(dir, 1024);
  ASSERT_TRUE(warc.Append("WARC", 4).ok());
  CdxjIndex index(dir, 1);
  ASSERT_TRUE(index.Add("a,x)/ 2024 {\"url\":\"1\"}").ok());
  ASSERT_TRUE(index.Add("b,x)/ 2024 {\"url\":\"2\"}").ok());
  ASSERT_TRUE(index.Finish().ok());
  WaczContents c;
  c.warc = &warc;
  c.index = &index;
  c.title = "2 articles";
  c.pages = {{"one", "https://rotproof.invalid/one/", "One", "2022-08-30T00:00:00Z", "2019-05-01"},
             {"two", "https://rotproof.invalid/two/", "Two", "2022-08-31T00:00:00Z"}};
  c.created = "2022-08-31T00:00:00Z";
  auto entries = Write(c, dir + "/p.wacz");
  EXPECT_EQ(entries[warc_format::kWarcEntry], "WARC");
  EXPECT_EQ(entries.count(warc_format::kCdxjEntry), 0u);
  EXPECT_EQ(entries[warc_format::kIndexIdxEntry], index.idx());
  EXPECT_EQ(
      entries[warc_format::kPagesEntry],
      "{\"format\":\"json-pages-1.0\",\"id\":\"pages\",\"title\":\"All Pages\"}\n"
      "{\"id\":\"one\",\"url\":\"https://rotproof.invalid/one/\",\"title\":\"One\",\"ts\":\"2022-08-30T00:00:00Z\","
      "\"date\":\"2019-05-01\"}\n"
      "{\"id\":\"two\",\"url\":\"https://rotproof.invalid/two/\",\"title\":\"Two\",\"ts\":\"2022-08-31T00:00:00Z\"}\n");
  json dp = json::parse(entries[warc_format::kDatapackageEntry]);
  EXPECT_FALSE(dp.contains("mainPageUrl"));
  ASSERT_EQ(dp["resources"].size(), 4u);
  EXPECT_EQ(dp["resources"][1]["path"], warc_format::kCompressedIndexEntry);
  EXPECT_EQ(dp["resources"][1]["bytes"], index.data().size());

  c.main_page_url = c.pages[0].url;
  c.main_page_date = c.pages[0].ts;
  json one = json::parse(Write(c, dir + "/q.wacz")[warc_format::kDatapackageEntry]);
  EXPECT_EQ(one["mainPageUrl"], "https://rotproof.invalid/one/");
}

}  // namespace
}  // namespace rotproof
