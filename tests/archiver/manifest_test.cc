#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rotproof/manifest.h"

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

TEST(ManifestTest, InvalidUtf8TitleDoesNotAbort) {
  Manifest m;
  m.title = "\xb1\xea";  // GBK
  auto j = nlohmann::json::parse(ManifestToJson(m));
  EXPECT_EQ(j["article"]["title"], "\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace rotproof
