#include "rotproof/manifest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rotproof {
namespace {

TEST(ManifestTest, ArchivedAndFailedReferencesCarryTheirOwnFields) {
  Manifest m;
  m.slug = "post";
  m.rewritten_name = "index.md";
  ManifestEntry ok;
  ok.where = "img@src";
  ok.url = "http://o.com/a.jpg";
  ok.span = {10, 28};
  ok.archived = true;
  ok.local_path = "assets/a.jpg";
  ok.bytes = 7;
  ok.candidates = {{"http://o.com/a.jpg", "as written", CandidateAttempt::Outcome::kOk, ""}};
  ManifestEntry dead;
  dead.where = "md:image";
  dead.reason = "http://o.com/d.jpg: HTTP 404";
  m.references = {ok, dead};
  auto j = nlohmann::json::parse(ManifestToJson(m));
  EXPECT_EQ(j["manifest_version"], 1);
  EXPECT_EQ(j["article"]["rewritten"]["name"], "index.md");
  EXPECT_EQ(j["references"][0]["span"], nlohmann::json::array({10, 28}));
  EXPECT_EQ(j["references"][0]["status"], "archived");
  EXPECT_EQ(j["references"][0]["local_path"], "assets/a.jpg");
  EXPECT_FALSE(j["references"][0].contains("reason"));
  EXPECT_EQ(j["references"][1]["status"], "failed");
  EXPECT_EQ(j["references"][1]["reason"], "http://o.com/d.jpg: HTTP 404");
  EXPECT_FALSE(j["references"][1].contains("local_path"));
}

// What restore and ls read is what the writer wrote.
TEST(ManifestTest, ParseReadsBackWhatItWasWritten) {
  Manifest m;
  m.slug = "post";
  m.source_name = "post.md";
  m.rewritten_name = "index.html";
  m.rewritten_record_id = "<urn:r>";
  m.rewritten_digest = "sha256:aa";
  ManifestEntry css;
  css.where = "css@url";
  css.span = {3, 9};
  css.archived = true;
  css.local_path = "assets/bg.png";
  css.stylesheet = "assets/s.css";
  css.bytes = 12;
  css.candidates = {{"http://o.test/bg.png", "as written", CandidateAttempt::Outcome::kFailed, "HTTP 404"},
                    {"http://m.test/bg.png", "mirror", CandidateAttempt::Outcome::kOk, ""},
                    {"http://n.test/bg.png", "mirror", CandidateAttempt::Outcome::kNotTried, ""}};
  m.stylesheet_assets = {css};
  m.other_rewrites = {{"base@href", {40, 48}, "./"}};
  auto back = ParseManifest(ManifestToJson(m));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(ManifestToJson(*back), ManifestToJson(m));
  EXPECT_EQ(back->stylesheet_assets[0].candidates[0].error, "HTTP 404");
  EXPECT_EQ(back->stylesheet_assets[0].candidates[2].outcome, CandidateAttempt::Outcome::kNotTried);
  EXPECT_EQ(back->other_rewrites[0].span, (Span{40, 48}));
}

TEST(ManifestTest, ParseRefusesWrongShapesWithoutThrowing) {
  for (const char* bad : {"[]", "{}", R"({"article":{"rewritten":{"name":7}}})",
                          R"({"article":{"rewritten":{}},"references":[{"span":[1,-2]}]})",
                          R"({"article":{"rewritten":{}},"references":[{"span":[1,2],"candidates":[{"why":"x"}]}]})",
                          // Floats past any integer: a plain cast of them is undefined (found by manifest_fuzz).
                          R"({"article":{"rewritten":{}},"references":[{"span":[1,2],"bytes":1e300}]})",
                          R"({"article":{"rewritten":{}},"references":[{"span":[1e300,2]}]})",
                          R"({"article":{"rewritten":{}},"other_rewrites":[{"span":[0,-1e300]}]})"}) {
    auto m = ParseManifest(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.status().code(), Status::Code::kCorruption) << bad;
  }
}

TEST(ManifestTest, InvalidUtf8TitleDoesNotAbort) {
  Manifest m;
  m.title = "\xb1\xea";  // GBK
  auto j = nlohmann::json::parse(ManifestToJson(m));
  EXPECT_EQ(j["article"]["title"], "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(ManifestTest, SourcesAreReadFromTheCandidateThatServed) {
  ManifestEntry proxied;
  proxied.archived = true;
  proxied.candidates = {
      {"http://o.test/a.png", "origin (unwrapped by rule zfour)", CandidateAttempt::Outcome::kFailed, ""},
      {"https://p.test/?http://o.test/a.png", "as written", CandidateAttempt::Outcome::kOk, ""}};
  EXPECT_EQ(SourceOf(proxied), ReferenceSource::kProxy);
  proxied.candidates[0].outcome = CandidateAttempt::Outcome::kOk;
  proxied.candidates[1].outcome = CandidateAttempt::Outcome::kNotTried;
  EXPECT_EQ(SourceOf(proxied), ReferenceSource::kOrigin);
  ManifestEntry plain;
  plain.archived = true;
  plain.candidates = {{"http://o.test/b.png", "as written", CandidateAttempt::Outcome::kOk, ""}};
  EXPECT_EQ(SourceOf(plain), ReferenceSource::kOrigin);
  plain.candidates.insert(plain.candidates.begin(),
                          {"http://web.archive.org/web/2020id_/http://o.test/b.png", "the capture's raw bytes (id_)",
                           CandidateAttempt::Outcome::kOk, ""});
  plain.candidates[1].outcome = CandidateAttempt::Outcome::kFailed;
  EXPECT_EQ(SourceOf(plain), ReferenceSource::kMirror);
  plain.archived = false;
  EXPECT_EQ(SourceOf(plain), ReferenceSource::kDead);
}

}  // namespace
}  // namespace rotproof
