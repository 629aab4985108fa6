// CurlTransport against a real HTTP server on 127.0.0.1.

#include "rotproof/fetch.h"

#include <gtest/gtest.h>

#include <thread>

#include "fake_origin.h"
#include "fetch_all.h"
#include "rotproof/digest.h"
#include "run.h"

namespace rotproof {
namespace {

using testing::FakeOrigin;
using testing::FetchAll;

class FetchTest : public ::testing::Test {
 protected:
  FetchOptions Options() {
    FetchOptions o;
    o.spool_dir = testing::FreshDir("fetch");
    o.connect_to = {origin_.ConnectTo()};
    o.backoff_ms = 10;
    return o;
  }
  FakeOrigin origin_;
};

TEST_F(FetchTest, FetchesConcurrentlyAndRecordsTheExchange) {
  ASSERT_GT(origin_.port(), 0);
  CurlTransport t(Options());
  std::vector<std::string> urls;
  for (int i = 0; i < 20; ++i)
    urls.push_back("http://img" + std::to_string(i % 3) + ".test/" + std::to_string(i) + ".jpg");
  auto outcomes = FetchAll(t, urls, 0);
  ASSERT_EQ(outcomes.size(), urls.size());
  for (size_t i = 0; i < urls.size(); ++i) {
    const FetchOutcome& o = outcomes[i];
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_EQ(o.url, urls[i]);
    const Exchange& x = *o.Final();
    std::string body = ReadBody(x).value();
    EXPECT_EQ(body, FakeOrigin::BodyFor(urls[i]));
    EXPECT_EQ(x.payload_digest, Sha256Digest(body));
    EXPECT_EQ(x.ip, "127.0.0.1");
    EXPECT_EQ(x.content_type, "image/png");
    EXPECT_EQ(x.request_head.rfind("GET /" + std::to_string(i) + ".jpg HTTP/1.1\r\n", 0), 0u);
    EXPECT_NE(x.request_head.find("\r\nHost: img" + std::to_string(i % 3) + ".test\r\n"), std::string::npos);
    EXPECT_EQ(x.response_head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
    EXPECT_EQ(origin_.RequestCount(urls[i]), 1);
  }
}

TEST_F(FetchTest, SmallBodiesStayInMemoryLargeOnesGoToSpoolFiles) {
  CurlTransport t(Options());
  auto o = FetchAll(t, {"http://img.test/small.png", "http://img.test/over-memory-size.png"}, 0);
  ASSERT_TRUE(o[0].ok && o[1].ok) << o[0].error << o[1].error;
  const Exchange& small = *o[0].Final();
  EXPECT_EQ(small.body, FakeOrigin::BodyFor(small.url));
  EXPECT_EQ(small.body_path, "");
  const Exchange& large = *o[1].Final();
  std::string body = FakeOrigin::BodyFor(large.url);
  EXPECT_EQ(large.body, "");
  ASSERT_NE(large.body_path, "");
  EXPECT_EQ(testing::ReadFile(large.body_path), body);
  EXPECT_EQ(large.body_bytes, body.size());
  EXPECT_EQ(large.payload_digest, Sha256Digest(body));
}

// Per-host limits count the URL's host, and a busy host does not hold up
// the others: both hosts get their full share at once.
TEST_F(FetchTest, PerHostLimitIsKeptForEachHost) {
  FetchOptions opts = Options();
  opts.jobs = 8;
  opts.per_host = 2;
  CurlTransport t(opts);
  std::vector<std::string> urls;
  for (int i = 0; i < 6; ++i) urls.push_back("http://busy.test/slow-" + std::to_string(i) + ".png");
  for (int i = 0; i < 6; ++i) urls.push_back("http://quiet.test/slow-" + std::to_string(i) + ".png");
  for (const FetchOutcome& o : FetchAll(t, urls, 0)) EXPECT_TRUE(o.ok) << o.url << ": " << o.error;
  EXPECT_EQ(origin_.PeakConcurrency("busy.test"), 2);
  EXPECT_EQ(origin_.PeakConcurrency("quiet.test"), 2);
  EXPECT_EQ(origin_.PeakConcurrency("*"), 4);
}

// Another thread can end a Wait early (the pipeline's writers do, so that a
// written article is journaled at once); the transfer goes on.
TEST_F(FetchTest, WakeupEndsAWaitButNotTheTransfer) {
  CurlTransport t(Options());
  t.Submit({"http://img.test/slow-wakeup.png"}, 0);
  std::thread waker([&t] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    t.Wakeup();
  });
  std::vector<FetchOutcome> first = t.Wait();  // the server takes 300 ms
  waker.join();
  EXPECT_TRUE(first.empty());
  std::vector<FetchOutcome> second = t.Wait();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_TRUE(second[0].ok) << second[0].error;
  EXPECT_EQ(origin_.RequestCount("http://img.test/slow-wakeup.png"), 1);
}

TEST_F(FetchTest, NotFoundIsAFailedOutcomeWithItsResponse) {
  CurlTransport t(Options());
  auto o = FetchAll(t, {"http://img.test/dead.jpg"}, 0);
  EXPECT_FALSE(o[0].ok);
  EXPECT_EQ(o[0].error, "HTTP 404");
  ASSERT_NE(o[0].Final(), nullptr);
  EXPECT_EQ(o[0].Final()->status, 404);
  EXPECT_EQ(o[0].attempts, 1);  // 404 is not transient
}

TEST_F(FetchTest, RetriesTransientStatusWithBackoff) {
  FetchOptions opts = Options();
  opts.retries = 2;
  CurlTransport t(opts);
  auto o = FetchAll(t, {"http://img.test/flaky.jpg"}, 0);
  EXPECT_TRUE(o[0].ok) << o[0].error;
  EXPECT_EQ(o[0].attempts, 3);
  EXPECT_EQ(origin_.RequestCount("http://img.test/flaky.jpg"), 3);
}

TEST_F(FetchTest, GivesUpAfterTheRetryBudget) {
  FetchOptions opts = Options();
  opts.retries = 1;
  CurlTransport t(opts);
  auto o = FetchAll(t, {"http://img.test/flaky-again.jpg"}, 0);
  EXPECT_FALSE(o[0].ok);
  EXPECT_EQ(o[0].error, "HTTP 503");
  EXPECT_EQ(o[0].attempts, 2);
}

TEST_F(FetchTest, ChunkedBodiesAreStoredDechunkedWithTheirRealLength) {
  CurlTransport t(Options());
  auto o = FetchAll(t, {"http://img.test/chunked.png"}, 0);
  ASSERT_TRUE(o[0].ok) << o[0].error;
  const Exchange& x = *o[0].Final();
  std::string body = FakeOrigin::BodyFor("http://img.test/chunked.png");
  EXPECT_EQ(ReadBody(x).value(), body);
  EXPECT_NE(x.response_head.find("\r\nX-Orig-Transfer-Encoding: chunked\r\n"), std::string::npos) << x.response_head;
  EXPECT_EQ(x.response_head.find("\r\nTransfer-Encoding:"), std::string::npos);
  EXPECT_NE(x.response_head.find("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos);
}

TEST_F(FetchTest, ConnectionRefusedIsReportedNotFatal) {
  FetchOptions opts = Options();
  opts.connect_to = {"::127.0.0.1:1"};  // nothing listens on port 1
  opts.retries = 0;
  CurlTransport t(opts);
  auto o = FetchAll(t, {"http://img.test/a.jpg"}, 0);
  EXPECT_FALSE(o[0].ok);
  EXPECT_EQ(o[0].error.rfind("Couldn't connect to server", 0), 0u) << o[0].error;
  EXPECT_EQ(o[0].Final(), nullptr);
}

// https to the plain-HTTP test server: every TLS handshake fails. An
// endpoint gets one transfer until it answers, so with room for four at
// once only the first is tried, and the rest of the batch does not try that
// endpoint again; the same host over http is another endpoint and works.
TEST_F(FetchTest, AnEndpointThatCannotBeReachedIsTriedOnceInTheBatch) {
  FetchOptions opts = Options();
  opts.retries = 0;
  opts.jobs = 8;
  opts.per_host = 4;
  CurlTransport t(opts);
  auto first = FetchAll(t,
                        {"https://img.test/1.png", "https://img.test/2.png", "https://img.test/3.png",
                         "https://img.test/4.png", "http://img.test/5.png"},
                        0);
  EXPECT_EQ(first[0].error.rfind("SSL connect error", 0), 0u) << first[0].error;
  for (int i = 1; i < 4; ++i)
    EXPECT_EQ(first[i].error.rfind(
                  "not tried: https://img.test:443 was unreachable earlier in this batch (SSL connect error", 0),
              0u)
        << first[i].error;
  EXPECT_TRUE(first[4].ok) << first[4].error;
  auto later = FetchAll(t, {"https://img.test/4.png", "https://other.test/4.png"}, 0);
  EXPECT_EQ(later[0].error.rfind("not tried: https://img.test:443", 0), 0u) << later[0].error;
  EXPECT_EQ(later[1].error.rfind("SSL connect error", 0), 0u) << later[1].error;
}

TEST_F(FetchTest, RefusedAfterItsRetriesMakesTheEndpointUnreachable) {
  FetchOptions opts = Options();
  opts.connect_to = {"::127.0.0.1:1"};  // nothing listens on port 1
  opts.retries = 1;
  opts.jobs = 1;
  CurlTransport t(opts);
  auto first = FetchAll(t, {"http://img.test/a.jpg"}, 0);
  EXPECT_EQ(first[0].error.rfind("Couldn't connect to server", 0), 0u) << first[0].error;
  auto later = FetchAll(t, {"http://img.test/b.jpg"}, 0);
  EXPECT_EQ(later[0].error.rfind("not tried: http://img.test:80 was unreachable", 0), 0u) << later[0].error;
}

TEST_F(FetchTest, MaxAssetBytesAbortsTheTransfer) {
  FetchOptions opts = Options();
  opts.max_asset_bytes = 10;
  CurlTransport t(opts);
  auto o = FetchAll(t, {"http://img.test/a.jpg"}, 0);
  EXPECT_FALSE(o[0].ok);
  EXPECT_EQ(o[0].error, "larger than --max-asset-bytes (10)");
}

}  // namespace
}  // namespace rotproof
