// The pipeline above the transport, with a fake that answers from a table.

#include "rotproof/pipeline.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_transport.h"
#include "rotproof/warc_reader.h"
#include "rotproof/zip_reader.h"
#include "run.h"

namespace rotproof {
namespace {

using testing::FakeTransport;

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::FreshDir("pipeline");
    std::filesystem::create_directories(dir_ + "/spool");
    options_.out_dir = dir_;
    options_.capture_time = 1661908980;
  }
  nlohmann::json Manifest(const std::string& wacz) {
    auto zip = ReadZip(wacz);
    EXPECT_TRUE(zip.ok());
    std::vector<ReadIssue> issues;
    for (const ZipEntry& e : zip->entries) {
      if (e.name != "archive/data.warc.gz") continue;
      for (const WarcRecordView& r : ReadWarcGz(e.data, &issues))
        if (r.Field("WARC-Type") == "metadata") return nlohmann::json::parse(r.block);
    }
    return {};
  }
  std::string dir_;
  ArchiveOptions options_;
};

const char kPost[] =
    "---\nheadimg: 'https://cors.zfour.workers.dev/?http://o.com/a.jpg'\n---\n"
    "<img data-original=\"http://o.com/a.jpg\" src=\"https://cors.zfour.workers.dev/?http://o.com/a.jpg\">\n"
    "<img src=\"https://cors.zfour.workers.dev/?http://o.com/b.jpg\">\n";

TEST_F(PipelineTest, TriesCandidatesInRoundsAndFetchesEachUrlOnce) {
  testing::WriteFile(dir_ + "/post.md", kPost);
  FakeTransport t(dir_ + "/spool");
  t.Serve("http://o.com/a.jpg", "A");
  // b.jpg is dead at its origin and alive only through the proxy.
  t.Serve("https://cors.zfour.workers.dev/?http://o.com/b.jpg", "B");
  auto report = ArchiveArticle(dir_ + "/post.md", options_, t);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->archived, 4u);
  for (const ReferenceOutcome& o : report->outcomes) EXPECT_NE(o.source, ReferenceOutcome::Source::kDead) << o.url;
  ASSERT_EQ(t.rounds().size(), 2u);
  EXPECT_EQ(t.rounds()[0], (std::vector<std::string>{"http://o.com/a.jpg", "http://o.com/b.jpg"}));
  EXPECT_EQ(t.rounds()[1], (std::vector<std::string>{"https://cors.zfour.workers.dev/?http://o.com/b.jpg"}));

  nlohmann::json m = Manifest(report->archive_path);
  const auto& b = m["references"][3];
  EXPECT_EQ(b["where"], "img@src");
  EXPECT_EQ(b["status"], "archived");
  EXPECT_EQ(b["archived_url"], "https://cors.zfour.workers.dev/?http://o.com/b.jpg");
  EXPECT_EQ(b["candidates"][0]["outcome"], "HTTP 404");
  EXPECT_EQ(b["candidates"][1]["outcome"], "ok");
  EXPECT_EQ(m["references"][0]["candidates"][1]["outcome"], "not tried");
  EXPECT_EQ(m["article"]["captured_at"], "2022-08-31T01:23:00Z");
}

TEST_F(PipelineTest, InvalidInputWritesNothing) {
  testing::WriteFile(dir_ + "/bad.md", "---\nx: [\n---\n");
  FakeTransport t(dir_ + "/spool");
  auto report = ArchiveArticle(dir_ + "/bad.md", options_, t);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(t.rounds().empty());
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/bad.wacz"));
}

TEST_F(PipelineTest, SameInputsGiveTheSameArchive) {
  testing::WriteFile(dir_ + "/post.md", kPost);
  std::string first;
  for (int run = 0; run < 2; ++run) {
    FakeTransport t(dir_ + "/spool");
    t.Serve("http://o.com/a.jpg", "A");
    auto report = ArchiveArticle(dir_ + "/post.md", options_, t);
    ASSERT_TRUE(report.ok());
    std::string bytes = testing::ReadFile(report->archive_path);
    if (run == 0)
      first = bytes;
    else
      EXPECT_EQ(bytes, first);
  }
}

}  // namespace
}  // namespace rotproof
