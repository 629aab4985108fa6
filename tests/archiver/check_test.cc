#include "rotproof/check.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

// An answer as the engine records it: the head as stored (a HEAD's
// Content-Length kept as X-Orig-Content-Length beside the empty body).
FetchOutcome Answer(long status, const std::string& headers, const std::string& type = "image/png",
                    uint64_t body_bytes = 0, const std::string& url = "http://o.test/a/p.png") {
  Exchange x;
  x.url = url;
  x.status = status;
  x.content_type = type;
  x.response_head = "HTTP/1.1 " + std::to_string(status) + " X\r\n" + headers + "\r\n";
  x.body_bytes = body_bytes;
  FetchOutcome o;
  o.url = url;
  o.hops.push_back(x);
  o.ok = status >= 200 && status < 300;
  if (!o.ok) o.error = "HTTP " + std::to_string(status);
  return o;
}

const ArchivedCopy kCopy{"http://o.test/a/p.png", "sha256:aa", 5120, "\"v1\"", ""};

TEST(CheckTest, HeadAgainstTheArchivedCopy) {
  EXPECT_EQ(Classify(kCopy, Answer(200, "X-Orig-Content-Length: 5120\r\nETag: \"v1\"\r\n"), nullptr, false).state,
            LinkState::kAlive);
  EXPECT_EQ(Classify(kCopy, Answer(200, "X-Orig-Content-Length: 5120\r\nETag: W/\"v1\"\r\n"), nullptr, false).state,
            LinkState::kAlive);  // a weak validator names the same bytes
  Verdict changed = Classify(kCopy, Answer(200, "X-Orig-Content-Length: 5120\r\nETag: \"v2\"\r\n"), nullptr, false);
  EXPECT_EQ(changed.state, LinkState::kChanged);
  EXPECT_EQ(changed.detail, "length 5120, archived 5120; ETag differs");
  // No validator at all: the length decides; no length either: not alive.
  ArchivedCopy bare{kCopy.url, kCopy.digest, 5120, "", ""};
  EXPECT_EQ(Classify(bare, Answer(200, "X-Orig-Content-Length: 5120\r\n"), nullptr, false).state, LinkState::kAlive);
  EXPECT_EQ(Classify(bare, Answer(200, "X-Orig-Content-Length: 99\r\n"), nullptr, false).state, LinkState::kChanged);
  EXPECT_EQ(Classify(bare, Answer(200, ""), nullptr, false).state, LinkState::kChanged);
  // A ranged GET: the whole length is in Content-Range.
  EXPECT_EQ(
      Classify(bare, Answer(206, "Content-Range: bytes 0-1023/5120\r\n", "image/png", 1024), nullptr, false).state,
      LinkState::kAlive);
}

TEST(CheckTest, StatusesAndPagesAreTheirOwnStates) {
  EXPECT_EQ(Classify(kCopy, Answer(404, ""), nullptr, false).state, LinkState::kGone);
  EXPECT_EQ(Classify(kCopy, Answer(410, ""), nullptr, false).state, LinkState::kGone);
  for (long blocked : {401, 403, 429, 451})
    EXPECT_EQ(Classify(kCopy, Answer(blocked, ""), nullptr, false).state, LinkState::kBlocked) << blocked;
  EXPECT_EQ(Classify(kCopy, Answer(503, ""), nullptr, false).state, LinkState::kFlaky);
  EXPECT_EQ(Classify(kCopy, Answer(200, "", "text/html; charset=utf-8"), nullptr, false).state, LinkState::kSoft404);
  FetchOutcome refused;
  refused.url = kCopy.url;
  refused.error = "Failed to connect to o.test port 80: Connection refused";
  EXPECT_EQ(Classify(kCopy, refused, nullptr, false).state, LinkState::kGone);
  FetchOutcome slow = refused;
  slow.error = "Operation timed out after 30000 milliseconds";
  EXPECT_EQ(Classify(kCopy, slow, nullptr, false).state, LinkState::kFlaky);
}

TEST(CheckTest, RedirectsMoveUnlessOnlyTheSchemeChanged) {
  FetchOutcome moved = Answer(301, "Location: http://o.test/b/p.png\r\n");
  moved.hops.push_back(
      Answer(200, "X-Orig-Content-Length: 5120\r\nETag: \"v1\"\r\n", "image/png", 0, "http://o.test/b/p.png").hops[0]);
  Verdict v = Classify(kCopy, moved, nullptr, false);
  EXPECT_EQ(v.state, LinkState::kMoved);
  EXPECT_EQ(v.moved_to, "http://o.test/b/p.png");
  moved.hops[1].url = "https://o.test/a/p.png";  // http -> https: the same picture
  EXPECT_EQ(Classify(kCopy, moved, nullptr, false).state, LinkState::kAlive);
}

// A server that answers a made-up path as it answers the URL serves a
// placeholder: the bytes differ from the archive's, but not by a change.
TEST(CheckTest, PlaceholderForAnyPathIsSoft404) {
  FetchOutcome mine = Answer(206, "Content-Range: bytes 0-1023/777\r\n", "image/png", 777);
  mine.hops[0].payload_digest = "sha256:placeholder";
  FetchOutcome sibling = mine;
  EXPECT_EQ(Classify(kCopy, mine, &sibling, false).state, LinkState::kSoft404);
  sibling.hops[0].payload_digest = "sha256:other";
  EXPECT_EQ(Classify(kCopy, mine, &sibling, false).state, LinkState::kChanged);
  // Deep: the digest decides.
  FetchOutcome whole = Answer(200, "", "image/png", 5120);
  whole.hops[0].payload_digest = "sha256:aa";
  EXPECT_EQ(Classify(kCopy, whole, nullptr, true).state, LinkState::kAlive);
}

TEST(CheckTest, SiblingIsAMadeUpNameInTheSameFolder) {
  EXPECT_EQ(SiblingUrl("http://o.test/a/p.png?x=1"), "http://o.test/a/rotproof-no-such-file-7f3a9c.png");
  EXPECT_EQ(SiblingUrl("http://o.test/p.png"), "http://o.test/rotproof-no-such-file-7f3a9c.png");
  EXPECT_EQ(SiblingUrl("http://o.test"), "http://o.test/rotproof-no-such-file-7f3a9c.png");
  EXPECT_STREQ(LinkStateName(LinkState::kSoft404), "soft-404");
  EXPECT_TRUE(IsFailure(LinkState::kFlaky));
  EXPECT_FALSE(IsFailure(LinkState::kBlocked));
}

}  // namespace
}  // namespace rotproof
