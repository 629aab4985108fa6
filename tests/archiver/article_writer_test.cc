#include "article_writer.h"

#include <gtest/gtest.h>

#include "fake_transport.h"
#include "plan.h"
#include "rotproof/digest.h"

namespace rotproof {
namespace {

using testing::Fetched;

// BuildManifest is pure: from a settled job and where each payload is
// stored, it says what the manifest, the rewrite and the report will be.
TEST(ArticleWriterTest, BuildManifestFromASettledJob) {
  ArticleJob job;
  job.input = "posts/p.md";
  job.article = *ParseArticle("posts/p.md",
                              "---\nheadimg: https://images.weserv.nl/?url=http://o.test/h.png\n---\n"
                              "![](http://o.test/dead.png) ![](http://o.test/h.png)\n");
  job.article.slug = "p";
  PlanReferences(job, ArchiveOptions{});
  ASSERT_EQ(job.refs.size(), 3u);
  FetchOutcome head = Fetched("http://o.test/h.png", "H");
  // headimg and the last image: the same origin; the middle one is dead.
  for (size_t i : {0, 2}) {
    job.states[i].attempts.push_back({"http://o.test/h.png", "origin", CandidateAttempt::Outcome::kOk, ""});
    job.states[i].fetched = &head;
  }
  job.states[1].attempts.push_back(
      {"http://o.test/dead.png", "as written", CandidateAttempt::Outcome::kFailed, "HTTP 404"});
  std::map<const Exchange*, StoredPayload> holders = {{&head.hops[0], {"<urn:h>", "http://o.test/h.png", "d"}}};

  ArticlePlan plan = BuildManifest(job, holders, {"http://o.test/h.png"});
  const Manifest& m = plan.manifest;
  EXPECT_EQ(m.source_name, "p.md");
  EXPECT_EQ(m.original_uri, "urn:rotproof:original:p");
  ASSERT_EQ(m.references.size(), 3u);
  EXPECT_EQ(m.references[0].local_path, m.references[2].local_path);  // one payload, one file
  EXPECT_EQ(m.references[0].record_id, "<urn:h>");
  EXPECT_EQ(m.references[1].reason, "http://o.test/dead.png: HTTP 404");
  EXPECT_EQ(plan.report.archived, 2u);
  EXPECT_EQ(plan.report.bytes, 1u);  // stored once
  EXPECT_EQ(plan.report.outcomes[0].source, ReferenceOutcome::Source::kOrigin);
  EXPECT_EQ(plan.report.outcomes[1].source, ReferenceOutcome::Source::kDead);
  EXPECT_EQ(plan.header_image, "http://o.test/h.png");
  ASSERT_EQ(plan.splices.size(), 2u);
  // The proxy URL the post wrote gets a revisit; the origin is already recorded.
  ASSERT_EQ(plan.revisits.size(), 1u);
  EXPECT_EQ(plan.revisits[0].uri, "https://images.weserv.nl/?url=http://o.test/h.png");
  EXPECT_EQ(plan.revisits[0].holder.record_id, "<urn:h>");
}

}  // namespace
}  // namespace rotproof
