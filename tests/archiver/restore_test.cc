#include "rotproof/restore.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

const char kManifest[] =
    R"({"article":{"slug":"post","rewritten":{"name":"index.md","record_id":"<r>","digest":"sha256:aa"}},
  "references":[
    {"span":[0,1],"status":"archived","local_path":"assets/a.png","record_id":"<1>","payload_digest":"sha256:01"},
    {"span":[0,1],"status":"archived","local_path":"assets/a.png","record_id":"<1>","payload_digest":"sha256:01"},
    {"span":[0,1],"status":"failed","local_path":"","reason":"HTTP 404"},
    {"span":[0,1],"status":"archived","local_path":"assets/A.PNG","record_id":"<2>","payload_digest":"sha256:02"},
    {"span":[0,1],"status":"archived","local_path":"assets/caf\u00e9.png","record_id":"<3>","payload_digest":"sha256:03"},
    {"span":[0,1],"status":"archived","local_path":"assets/cafe\u0301.png","record_id":"<4>","payload_digest":"sha256:04"},
    {"span":[0,1],"status":"archived","local_path":"assets/.bashrc","record_id":"<5>","payload_digest":"sha256:05"},
    {"span":[0,1],"status":"archived","local_path":"assets/s.css","record_id":"<6>","payload_digest":"sha256:06"}],
  "stylesheet_assets":[
    {"status":"archived","stylesheet":"assets/s.css","local_path":"assets/bg.png","span":[10,20],
     "record_id":"<7>","payload_digest":"sha256:07"}]})";

TEST(RestoreTest, PlanWritesEachSafeNameOnceAndNamesEveryProblem) {
  auto plan = PlanRestore(kManifest);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->slug, "post");
  ASSERT_EQ(plan->files.size(), 8u);
  EXPECT_EQ(plan->files[0].path, "index.md");
  EXPECT_EQ(plan->files[0].digest, "sha256:aa");
  EXPECT_EQ(plan->files[1].path, "assets/a.png");  // once, though referenced twice
  EXPECT_EQ(plan->files[2].problem, "'A.PNG' collides with 'a.png' where case or Unicode normalization is ignored");
  EXPECT_EQ(plan->files[3].problem, "");
  EXPECT_NE(plan->files[4].problem.find("collides with 'caf\xc3\xa9.png'"), std::string::npos);  // NFD vs NFC
  EXPECT_EQ(plan->files[5].problem, "unsafe asset path 'assets/.bashrc'");
  EXPECT_EQ(plan->files[6].path, "assets/s.css");
  ASSERT_EQ(plan->files[6].css.size(), 1u);
  EXPECT_EQ(plan->files[6].css[0].text, "bg.png");
  EXPECT_EQ(plan->files[7].path, "assets/bg.png");
}

// rotproof writes a span for every entry: one without is not a manifest.
TEST(RestoreTest, EntryWithoutItsSpanIsCorruption) {
  auto plan =
      PlanRestore(R"({"article":{"slug":"p","rewritten":{"name":"index.md"}},"references":[{"status":"failed"}]})");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Status::Code::kCorruption);
}

TEST(RestoreTest, ManifestsOfTheWrongShapeAreCorruptionNotExceptions) {
  for (const char* bad :
       {"", "[]", "{\"article\":1}", "{\"article\":{\"slug\":\"../x\",\"rewritten\":{\"name\":\"index.md\"}}}",
        "{\"article\":{\"slug\":\"p\",\"rewritten\":{\"name\":\"x.sh\"}}}",
        "{\"article\":{\"slug\":\"p\",\"rewritten\":{\"name\":\"index.md\"}},\"stylesheet_assets\":"
        "[{\"status\":\"archived\",\"span\":[1]}]}",
        "{\"article\":{\"slug\":7,\"rewritten\":{\"name\":\"index.md\"}}}",
        // Found by manifest_fuzz: a float offset made the conversion undefined.
        "{\"article\":{\"slug\":\"p\",\"rewritten\":{\"name\":\"index.md\"}},\"stylesheet_assets\":"
        "[{\"status\":\"archived\",\"span\":[2.2e56,2]}]}",
        "{\"article\":{\"slug\":\"p\",\"rewritten\":{\"name\":\"index.md\"}},\"stylesheet_assets\":"
        "[{\"status\":\"archived\",\"span\":[-1,2]}]}"}) {
    auto plan = PlanRestore(bad);
    EXPECT_FALSE(plan.ok()) << bad;
    EXPECT_EQ(plan.status().code(), Status::Code::kCorruption) << bad;
  }
}

}  // namespace
}  // namespace rotproof
