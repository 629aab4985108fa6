// A third-party reader on our archives: Webrecorder's warcio.js (the reader
// behind ReplayWeb.page) parses every record and recomputes every digest,
// and WebCrypto checks the signature the way wabac.js does.
// Needs node and `npm install --prefix tests/interop` (scripts/test.sh does it).

#include <gtest/gtest.h>

#include <filesystem>

#include "archive_env.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;

std::string Script() { return std::string(ROTPROOF_INTEROP_DIR) + "/warcio_check.mjs"; }

// Extracts `entry` of `wacz` to `path`.
void Extract(const std::string& wacz, const std::string& entry, const std::string& path) {
  auto zip = ReadZip(wacz);
  ASSERT_TRUE(zip.ok()) << wacz;
  for (const ZipEntry& e : zip->entries)
    if (e.name == entry) WriteFile(path, e.data);
}

class InteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(std::string(ROTPROOF_INTEROP_DIR) + "/node_modules/warcio"))
        << "warcio.js is not installed: run npm install --prefix tests/interop (scripts/test.sh does)";
  }
  RunResult Node(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/env", "node", Script()});
    return RunProgram(args);
  }
};

TEST_F(InteropTest, WarcioJsAgreesOnEveryRecordAndTheSignature) {
  FakeOrigin origin;
  std::string dir = FreshDir("interop");
  ASSERT_EQ(RunProgram({Bin("rotproof"), "keygen", "-o", dir + "/key.pem"}).exit_code, 0);
  WriteFile(dir + "/faults.md",
            "---\ntitle: faults\n---\n<img src=\"http://img.test/gzip.png\"><img src=\"http://img.test/chunked.png\">"
            "<img src=\"http://img.test/brotli.png\"><img src=\"http://img.test/same-1.png\">"
            "<img src=\"http://img.test/same-2.png\"><img src=\"http://img.test/redirect-3/r.png\">"
            "<img src=\"http://img.test/dead.png\">\n");
  std::vector<std::string> posts = {dir + "/faults.md"};
  for (const char* p : {"000-zaker-hunan-consumer-stations", "003-zaker-iphone13-38imgs", "004-dockone-redis-operator",
                        "018-pmcaff-noext-style-block"})
    posts.push_back(Fixture(std::string("posts/") + p + ".md"));
  RunResult archived = ArchiveWith(origin, posts, dir + "/out", {"--sign-key", dir + "/key.pem"});
  ASSERT_EQ(archived.exit_code, 1) << archived.err;  // faults.md has a dead image, on purpose
  RunResult bare =
      ArchiveWith(origin, {Fixture("posts/001-zaker-amd-pan-tiny.md")}, dir + "/bare", {"--format", "warc"});
  ASSERT_EQ(bare.exit_code, 0) << bare.err;

  std::vector<std::string> args = {dir + "/bare/001-zaker-amd-pan-tiny.warc.gz"};
  for (const auto& e : std::filesystem::directory_iterator(dir + "/out")) {
    if (e.path().extension() != ".wacz") continue;
    std::string stem = e.path().stem().string();
    Extract(e.path().string(), "archive/data.warc.gz", dir + "/" + stem + ".warc.gz");
    Extract(e.path().string(), "datapackage-digest.json", dir + "/" + stem + ".digest.json");
    args.push_back(dir + "/" + stem + ".warc.gz");
    args.insert(args.end(), {"--signed", dir + "/" + stem + ".digest.json"});
  }
  RunResult r = Node(args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(" passed, 0 failed\n"), std::string::npos) << r.out;
}

TEST_F(InteropTest, WarcioJsCatchesADamagedRecord) {
  FakeOrigin origin;
  std::string dir = FreshDir("interop-damaged");
  ASSERT_EQ(ArchiveWith(origin, {Fixture("posts/001-zaker-amd-pan-tiny.md")}, dir, {"--format", "warc"}).exit_code, 0);
  std::string warc = ReadFile(dir + "/001-zaker-amd-pan-tiny.warc.gz");
  WriteFile(dir + "/damaged.warc.gz", EditWarcGz(warc, [](size_t, std::string* rec) {
              if (rec->find("WARC-Type: response") != std::string::npos) (*rec)[rec->size() - 10] ^= 1;
              return true;
            }));
  RunResult r = Node({dir + "/damaged.warc.gz"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("FAIL " + dir + "/damaged.warc.gz response http://zkres2.myzaker.com/"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("block digest"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace rotproof
