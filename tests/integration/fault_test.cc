// Every network behaviour, proven against a real server on 127.0.0.1: for
// each fault, what the archive holds, what the manifest says, and what the
// verifier concludes.

#include <gtest/gtest.h>

#include <filesystem>

#include "archive_env.h"
#include "reset_server.h"
#include "rotproof/digest.h"
#include "test_ca.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;

struct Outcome {
  RunResult archive;
  std::string wacz;
  nlohmann::json manifest;
  std::vector<WarcRecordView> records;
  RunResult verify;
  std::string dir;

  const nlohmann::json& Ref(size_t i) const { return manifest["references"][i]; }
  size_t Count(const std::string& type, const std::string& uri) const {
    size_t n = 0;
    for (const auto& r : records)
      if (r.Field("WARC-Type") == type && (uri.empty() || r.Field("WARC-Target-URI") == uri)) ++n;
    return n;
  }
  const WarcRecordView* Find(const std::string& type, const std::string& uri) const {
    for (const auto& r : records)
      if (r.Field("WARC-Type") == type && r.Field("WARC-Target-URI") == uri) return &r;
    return nullptr;
  }
};

class FaultTest : public ::testing::Test {
 protected:
  // Archives a post whose body is `html`, through the fake web.
  Outcome Archive(const std::string& name, const std::string& html, std::vector<std::string> extra = {}) {
    Outcome o;
    o.dir = FreshDir("fault-" + name);
    WriteFile(o.dir + "/" + name + ".md", "---\ntitle: " + name + "\ndate: 2022-08-31 01:23:00\n---\n" + html + "\n");
    o.archive = ArchiveWith(origin_, {o.dir + "/" + name + ".md"}, o.dir + "/out", extra);
    o.wacz = o.dir + "/out/" + name + ".wacz";
    o.manifest = ManifestOf(o.wacz);
    o.records = RecordsOf(o.wacz);
    o.verify = Verify(o.wacz);
    return o;
  }
  FakeOrigin origin_;
};

TEST_F(FaultTest, ConnectionResetMidBody) {
  ResetServer reset;
  Outcome o = Archive("reset", "<img src=\"http://reset.test/a.png\">",
                      {"--connect-to", "reset.test:80:127.0.0.1:" + std::to_string(reset.port())});
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_EQ(o.Ref(0)["status"], "failed");
  EXPECT_NE(o.Ref(0)["reason"].get<std::string>().find("Connection reset by peer"), std::string::npos)
      << o.Ref(0)["reason"];
  EXPECT_EQ(o.Count("response", "http://reset.test/a.png"), 0u);  // nothing half-received is kept
  EXPECT_EQ(o.verify.exit_code, 0) << o.verify.out;
  EXPECT_NE(o.verify.out.find("W-MISSING-ASSET"), std::string::npos);
}

TEST_F(FaultTest, TruncatedBodyIsAFailedFetch) {
  Outcome o = Archive("truncated", "<img src=\"http://img.test/truncated.png\">");
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_NE(o.Ref(0)["reason"].get<std::string>().find("bytes remaining to read"), std::string::npos)
      << o.Ref(0)["reason"];
  EXPECT_EQ(o.Count("response", "http://img.test/truncated.png"), 0u);
  EXPECT_EQ(o.verify.exit_code, 0);
}

TEST_F(FaultTest, StalledServerIsAbandoned) {
  Outcome o = Archive("stall", "<img src=\"http://img.test/stall.png\">", {"--low-speed-time", "1"});
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_NE(o.Ref(0)["reason"].get<std::string>().find("too slow"), std::string::npos) << o.Ref(0)["reason"];
  EXPECT_EQ(o.verify.exit_code, 0);
}

TEST_F(FaultTest, ServiceUnavailableWithRetryAfterIsHonoured) {
  Outcome o = Archive("retry-after", "<img src=\"http://img.test/retry-after.png\">", {"--retries", "2"});
  EXPECT_EQ(o.archive.exit_code, 0) << o.archive.out;
  EXPECT_EQ(o.Ref(0)["status"], "archived");
  auto times = origin_.RequestTimes("http://img.test/retry-after.png");
  ASSERT_EQ(times.size(), 2u);
  EXPECT_GE(times[1] - times[0], std::chrono::milliseconds(950));  // Retry-After: 1
  EXPECT_EQ(o.verify.exit_code, 0);
}

TEST_F(FaultTest, RetryAfterAsAnHttpDate) {
  Outcome o = Archive("retry-date", "<img src=\"http://img.test/retry-date.png\">", {"--retries", "1"});
  EXPECT_EQ(o.archive.exit_code, 0) << o.archive.out;
  auto times = origin_.RequestTimes("http://img.test/retry-date.png");
  ASSERT_EQ(times.size(), 2u);
  EXPECT_GE(times[1] - times[0], std::chrono::milliseconds(900));  // at least the next whole second
}

TEST_F(FaultTest, TooManyRequestsIsRetried) {
  Outcome o = Archive("too-many", "<img src=\"http://img.test/too-many.png\">", {"--retries", "1"});
  EXPECT_EQ(o.archive.exit_code, 0);
  EXPECT_EQ(origin_.RequestCount("http://img.test/too-many.png"), 2);
  EXPECT_EQ(o.Ref(0)["status"], "archived");
}

TEST_F(FaultTest, NotFoundIsNeverRetried) {
  Outcome o = Archive("not-found", "<img src=\"http://img.test/dead.png\">", {"--retries", "3"});
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_EQ(origin_.RequestCount("http://img.test/dead.png"), 1);
  // The 404 itself is evidence, and is kept.
  EXPECT_EQ(o.Count("response", "http://img.test/dead.png"), 1u);
}

TEST_F(FaultTest, RedirectLoopIsDetected) {
  Outcome o = Archive("loop", "<img src=\"http://img.test/loop.png\">");
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_EQ(o.Ref(0)["reason"], "http://img.test/loop.png: redirect loop back to http://img.test/loop.png");
  EXPECT_EQ(o.Count("response", "http://img.test/loop.png"), 1u);
  EXPECT_EQ(o.verify.exit_code, 0);
}

TEST_F(FaultTest, RedirectChainOfThreeRecordsEveryHop) {
  Outcome o = Archive("chain", "<img src=\"http://img.test/redirect-3/a.png\">");
  EXPECT_EQ(o.archive.exit_code, 0) << o.archive.out;
  for (int hop = 3; hop >= 0; --hop)
    EXPECT_EQ(o.Count("response", "http://img.test/redirect-" + std::to_string(hop) + "/a.png"), 1u) << hop;
  EXPECT_EQ(o.Ref(0)["archived_url"], "http://img.test/redirect-3/a.png");
  EXPECT_EQ(o.Ref(0)["payload_digest"], Sha256Digest(FakeOrigin::BodyFor("http://img.test/redirect-0/a.png")));
  EXPECT_EQ(o.verify.exit_code, 0) << o.verify.out;
  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", o.wacz, "-o", o.dir + "/r"}).exit_code, 0);
  EXPECT_EQ(ReadFile(o.dir + "/r/chain/assets/a.png"), FakeOrigin::BodyFor("http://img.test/redirect-0/a.png"));
}

TEST_F(FaultTest, TooManyRedirects) {
  Outcome o = Archive("far", "<img src=\"http://img.test/redirect-9/a.png\">", {"--max-redirects", "2"});
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_EQ(o.Ref(0)["reason"], "http://img.test/redirect-9/a.png: more than 2 redirects");
}

TEST_F(FaultTest, OriginDeadButProxyAlive) {
  const std::string proxied = "http://cors.zfour.workers.dev/?http://img.test/proxy-only.png";
  Outcome o = Archive("proxy", "<img src=\"" + proxied + "\">");
  EXPECT_EQ(o.archive.exit_code, 0);
  EXPECT_EQ(o.Ref(0)["candidates"][0]["outcome"], "HTTP 404");
  EXPECT_EQ(o.Ref(0)["archived_url"], proxied);
  EXPECT_EQ(o.verify.exit_code, 0);
}

TEST_F(FaultTest, ProxiedReferenceGetsARevisitToItsOrigin) {
  const std::string proxied = "http://cors.zfour.workers.dev/?http://img.test/a.png";
  Outcome o = Archive("revisit", "<img src=\"" + proxied + "\">");
  EXPECT_EQ(o.archive.exit_code, 0);
  const WarcRecordView* origin = o.Find("response", "http://img.test/a.png");
  const WarcRecordView* revisit = o.Find("revisit", proxied);
  ASSERT_NE(origin, nullptr);
  ASSERT_NE(revisit, nullptr);
  EXPECT_EQ(revisit->Field("WARC-Refers-To"), origin->Field("WARC-Record-ID"));
  EXPECT_EQ(revisit->Field("WARC-Refers-To-Target-URI"), "http://img.test/a.png");
  EXPECT_EQ(revisit->Field("WARC-Payload-Digest"), origin->Field("WARC-Payload-Digest"));
  EXPECT_EQ(revisit->Field("WARC-Profile"), "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest");
  EXPECT_EQ(o.verify.exit_code, 0) << o.verify.out;
}

TEST_F(FaultTest, DeadEverywhereThenTheMirror) {
  std::string dir = FreshDir("mirror-config");
  WriteFile(dir + "/config.yaml", "mirrors:\n  - http://web.archive.test/web/{timestamp}id_/{url}\n");
  Outcome o = Archive("mirror", "<img src=\"http://cors.zfour.workers.dev/?http://img.test/dead.png\">",
                      {"--config", dir + "/config.yaml"});
  EXPECT_EQ(o.archive.exit_code, 0) << o.archive.out;
  EXPECT_EQ(o.Ref(0)["candidates"][0]["outcome"], "HTTP 404");
  EXPECT_EQ(o.Ref(0)["candidates"][1]["outcome"], "HTTP 404");
  EXPECT_EQ(o.Ref(0)["archived_url"], "http://web.archive.test/web/20220831012300id_/http://img.test/dead.png");
  EXPECT_EQ(o.Ref(0)["candidates"][2]["why"], "mirror http://web.archive.test/web/{timestamp}id_/{url}");
  EXPECT_EQ(o.verify.exit_code, 0);
}

TEST_F(FaultTest, HotlinkForbiddenWithRefererIsRetriedWithout) {
  std::string dir = FreshDir("hotlink-config");
  WriteFile(dir + "/config.yaml",
            "hosts:\n  - match: img.test\n    referer: http://blog.test/\n    headers: ['X-Test: 1']\n");
  Outcome o = Archive("hotlink", "<img src=\"http://img.test/hotlink.png\">", {"--config", dir + "/config.yaml"});
  EXPECT_EQ(o.archive.exit_code, 0) << o.archive.out;
  EXPECT_EQ(origin_.Referers("http://img.test/hotlink.png"), (std::vector<std::string>{"http://blog.test/", ""}));
  const WarcRecordView* req = o.Find("request", "http://img.test/hotlink.png");
  ASSERT_NE(req, nullptr);
  EXPECT_NE(req->block.find("\r\nX-Test: 1\r\n"), std::string::npos) << req->block;
  EXPECT_EQ(o.Ref(0)["status"], "archived");
}

TEST_F(FaultTest, GzipEncodedBodyIsStoredAsReceived) {
  Outcome o = Archive("gzip", "<img src=\"http://img.test/gzip.png\">");
  EXPECT_EQ(o.archive.exit_code, 0);
  const WarcRecordView* resp = o.Find("response", "http://img.test/gzip.png");
  ASSERT_NE(resp, nullptr);
  std::string_view head;
  std::string_view payload = RecordPayload(*resp, &head);
  EXPECT_NE(head.find("Content-Encoding: gzip"), std::string_view::npos);
  EXPECT_EQ(payload.substr(0, 2), "\x1f\x8b");  // the gzip bytes, not the decoded image
  EXPECT_EQ(resp->Field("WARC-Payload-Digest"), Sha256Digest(payload));
  EXPECT_EQ(o.verify.exit_code, 0) << o.verify.out;
  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", o.wacz, "-o", o.dir + "/r"}).exit_code, 0);
  EXPECT_EQ(ReadFile(o.dir + "/r/gzip/assets/gzip.png"), FakeOrigin::BodyFor("http://img.test/gzip.png"));
}

TEST_F(FaultTest, BrotliEncodedBodyIsStoredAsReceived) {
  Outcome o = Archive("brotli", "<img src=\"http://img.test/brotli.png\">");
  EXPECT_EQ(o.archive.exit_code, 0);
  const WarcRecordView* resp = o.Find("response", "http://img.test/brotli.png");
  ASSERT_NE(resp, nullptr);
  std::string_view head;
  std::string_view payload = RecordPayload(*resp, &head);
  EXPECT_NE(head.find("Content-Encoding: br"), std::string_view::npos);
  EXPECT_NE(payload, FakeOrigin::BodyFor("http://img.test/brotli.png"));
  EXPECT_EQ(o.Ref(0)["payload_digest"], Sha256Digest(payload));
  EXPECT_EQ(o.verify.exit_code, 0) << o.verify.out;
  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", o.wacz, "-o", o.dir + "/r"}).exit_code, 0);
  EXPECT_EQ(ReadFile(o.dir + "/r/brotli/assets/brotli.png"), FakeOrigin::BodyFor("http://img.test/brotli.png"));
}

TEST_F(FaultTest, ChunkedBodyIsStoredDechunked) {
  Outcome o = Archive("chunked", "<img src=\"http://img.test/chunked.png\">");
  EXPECT_EQ(o.archive.exit_code, 0);
  const WarcRecordView* resp = o.Find("response", "http://img.test/chunked.png");
  ASSERT_NE(resp, nullptr);
  std::string_view head;
  EXPECT_EQ(RecordPayload(*resp, &head), FakeOrigin::BodyFor("http://img.test/chunked.png"));
  EXPECT_NE(head.find("X-Orig-Transfer-Encoding: chunked"), std::string_view::npos);
  EXPECT_EQ(o.verify.exit_code, 0) << o.verify.out;
}

TEST_F(FaultTest, OversizedAssetIsRefused) {
  Outcome o = Archive("big", "<img src=\"http://img.test/size-100000.bin\">", {"--max-asset-bytes", "50000"});
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_EQ(o.Ref(0)["reason"], "http://img.test/size-100000.bin: larger than --max-asset-bytes (50000)");
  EXPECT_EQ(o.verify.exit_code, 0);
}

TEST_F(FaultTest, ArticleByteBudget) {
  Outcome o = Archive("budget",
                      "<img src=\"http://img.test/size-40000-a.bin\"><img src=\"http://img.test/size-40000-b.bin\">"
                      "<img src=\"http://img.test/size-40000-c.bin\">",
                      {"--max-article-bytes", "100000", "--jobs", "1"});
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_EQ(o.Ref(0)["status"], "archived");
  EXPECT_EQ(o.Ref(1)["status"], "archived");
  EXPECT_NE(o.Ref(2)["reason"].get<std::string>().find("article byte budget exhausted"), std::string::npos)
      << o.Ref(2)["reason"];
}

TEST_F(FaultTest, HtmlServedForAnImageIsFlagged) {
  Outcome o = Archive("soft404", "<img src=\"http://img.test/html.jpg\">");
  EXPECT_EQ(o.archive.exit_code, 1);
  EXPECT_EQ(o.Ref(0)["candidates"][0]["outcome"], "served an HTML page, not the asset (soft 404)");
  EXPECT_EQ(o.Count("response", "http://img.test/html.jpg"), 1u);  // the evidence is kept
  EXPECT_EQ(o.verify.exit_code, 0);
}

TEST_F(FaultTest, DuplicatePayloadIsStoredOnce) {
  Outcome o = Archive("dup", "<img src=\"http://img.test/same-1.png\"><img src=\"http://img.test/same-2.png\">");
  EXPECT_EQ(o.archive.exit_code, 0);
  const WarcRecordView* first = o.Find("response", "http://img.test/same-1.png");
  const WarcRecordView* second = o.Find("revisit", "http://img.test/same-2.png");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->Field("WARC-Refers-To"), first->Field("WARC-Record-ID"));
  EXPECT_EQ(second->Field("WARC-Truncated"), "length");
  EXPECT_EQ(RecordPayload(*second), "");
  EXPECT_EQ(o.Ref(0)["record_id"], o.Ref(1)["record_id"]);
  EXPECT_EQ(o.verify.exit_code, 0) << o.verify.out;
  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", o.wacz, "-o", o.dir + "/r"}).exit_code, 0);
  EXPECT_EQ(ReadFile(o.dir + "/r/dup/assets/same-2.png"), FakeOrigin::BodyFor("http://img.test/same-2.png"));
}

TEST_F(FaultTest, PolitenessDelayBetweenRequestsToOneHost) {
  Outcome o = Archive("polite", "<img src=\"http://slow.test/a.png\"><img src=\"http://slow.test/b.png\">",
                      {"--delay-ms", "300"});
  EXPECT_EQ(o.archive.exit_code, 0);
  auto a = origin_.RequestTimes("http://slow.test/a.png");
  auto b = origin_.RequestTimes("http://slow.test/b.png");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_GE(b[0] - a[0], std::chrono::milliseconds(290));
}

TEST(HttpsTest, TestCaAndCacert) {
  std::string dir = FreshDir("https");
  TestCa ca(dir + "/ca.pem");
  FakeOrigin tls(0, &ca);
  ASSERT_GT(tls.port(), 0);
  WriteFile(dir + "/post.md", "---\ntitle: t\n---\n![x](https://secure.test/a.png)\n");
  std::string connect = ":443:127.0.0.1:" + std::to_string(tls.port());
  RunResult trusted = RunProgram({Bin("rotproof"), "archive", "-o", dir + "/out", "--retries", "0", "--connect-to",
                                  connect, "--cacert", ca.pem_path(), dir + "/post.md"});
  EXPECT_EQ(trusted.exit_code, 0) << trusted.out << trusted.err;
  nlohmann::json m = ManifestOf(dir + "/out/post.wacz");
  EXPECT_EQ(m["references"][0]["payload_digest"], Sha256Digest(FakeOrigin::BodyFor("https://secure.test/a.png")));
  EXPECT_EQ(Verify(dir + "/out/post.wacz").exit_code, 0);

  RunResult untrusted = RunProgram(
      {Bin("rotproof"), "archive", "-o", dir + "/out2", "--retries", "0", "--connect-to", connect, dir + "/post.md"});
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_NE(untrusted.out.find("SSL certificate problem"), std::string::npos) << untrusted.out;
}

TEST(ExplainTest, PrintsCandidatesInOrderAndFetchesNothing) {
  std::string dir = FreshDir("explain");
  WriteFile(dir + "/post.md",
            "<img data-original=\"http://o.test/a.jpg\" "
            "src=\"https://cors.zfour.workers.dev/?http://o.test/a.jpg\">\n");
  RunResult r = RunProgram({Bin("rotproof"), "archive", "--explain", dir + "/post.md"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, dir +
                       "/post.md: 2 references\n"
                       "[0] img@data-original at bytes 20-39: http://o.test/a.jpg\n"
                       "    1. http://o.test/a.jpg  <- as written\n"
                       "    2. https://cors.zfour.workers.dev/?http://o.test/a.jpg  <- twin img@src as written\n"
                       "[1] img@src at bytes 46-97: https://cors.zfour.workers.dev/?http://o.test/a.jpg\n"
                       "    1. http://o.test/a.jpg  <- origin (unwrapped by rule cors-zfour)\n"
                       "    2. https://cors.zfour.workers.dev/?http://o.test/a.jpg  <- as written\n");
}

}  // namespace
}  // namespace rotproof
