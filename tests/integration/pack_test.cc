// rotproof pack: a blog's article archives as one WACZ, shared payloads
// stored once, verified by rotproof-verify like any archive. Replay in
// ReplayWeb.page is browser_test.cc's.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "archive_env.h"
#include "rotproof/digest.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;
using nlohmann::json;

// Blogs show the same banner and logo on every post: a Hexo theme's
// `thumbnail:` through the proxy (as corpus post 000's headimg), and an
// image in the body. The banner's bytes do not deflate, as a photo's.
std::string SharedImagePost(int n) {
  return "---\ntitle: Post " + std::to_string(n) + "\ndate: 2022-08-0" + std::to_string(n) +
         "\nthumbnail: https://cors.zfour.workers.dev/?http://cdn.test/banner-noise-size-200000.jpg\n---\n"
         "The blog's banner, its logo and a picture of this post's own.\n\n"
         "<img src=\"https://cors.zfour.workers.dev/?http://zkres1.myzaker.com/202208/own-" +
         std::to_string(n) + ".jpg\" data-original=\"http://zkres1.myzaker.com/202208/own-" + std::to_string(n) +
         ".jpg\">\n\n![logo](http://cdn.test/logo-same.png)\n";
}

json PackJson(const std::vector<std::string>& args, int expected_exit = 0) {
  std::vector<std::string> argv = {Bin("rotproof"), "pack", "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = RunProgram(argv);
  EXPECT_EQ(r.exit_code, expected_exit) << r.err;
  return r.exit_code == 2 ? json() : json::parse(r.out);
}

json VerifyJson(const std::string& wacz) {
  RunResult r = Verify(wacz, {"--json"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return json::parse(r.out)["archives"][0];
}

std::string Entry(const std::string& wacz, const std::string& name) {
  auto zip = ReadZip(wacz);
  if (zip.ok())
    for (const ZipEntry& e : zip->entries)
      if (e.name == name) return e.data;
  return "";
}

std::vector<std::string> LinesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every file under `dir` by its path relative to it, with its bytes.
std::map<std::string, std::string> TreeOf(const std::string& dir) {
  std::map<std::string, std::string> tree;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) tree[fs::relative(e.path(), dir).string()] = ReadFile(e.path().string());
  return tree;
}

class PackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(FreshDir("pack"));
    fs::create_directories(*dir_ + "/blog");
    for (int n = 1; n <= 3; ++n) WriteFile(*dir_ + "/blog/post-" + std::to_string(n) + ".md", SharedImagePost(n));
    for (const char* post : {"000-zaker-hunan-consumer-stations", "003-zaker-iphone13-38imgs"})
      fs::copy_file(Fixture(std::string("posts/") + post + ".md"), *dir_ + "/blog/" + post + ".md");
    FakeOrigin origin;
    RunResult r = ArchiveWith(origin, {*dir_ + "/blog"}, *dir_ + "/out");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string Out() { return *dir_ + "/out"; }
  static std::vector<std::string> Archives() {
    std::vector<std::string> all;
    for (const auto& e : fs::directory_iterator(Out()))
      if (e.path().extension() == ".wacz") all.push_back(e.path().string());
    std::sort(all.begin(), all.end());
    return all;
  }
  static std::string* dir_;
};
std::string* PackTest::dir_ = nullptr;

TEST_F(PackTest, SharedImagesAreStoredOnceAndEveryArticleVerifies) {
  std::map<std::string, std::string> before;
  size_t references = 0, records = 0;
  for (const std::string& a : Archives()) {
    before[a] = Sha256Digest(ReadFile(a));
    json v = VerifyJson(a);
    references += v["references"].get<size_t>();
    records += v["records"].get<size_t>();
  }
  std::string package = *dir_ + "/blog.wacz";
  json report = PackJson({Out(), "-o", package});
  EXPECT_EQ(report["articles"], 5);
  EXPECT_EQ(report["skipped"].size(), 0u);
  EXPECT_EQ(report["records"], records);
  // Posts 2 and 3: the banner's and the logo's responses.
  EXPECT_EQ(report["revisits"], 4);
  EXPECT_GT(report["payload_bytes_saved"].get<uint64_t>(), 2 * 200000u);
  EXPECT_LT(report["warc_bytes_after"].get<uint64_t>() + 2 * 200000u, report["warc_bytes_before"].get<uint64_t>());
  EXPECT_EQ(report["package_bytes"], fs::file_size(package));

  json v = VerifyJson(package);
  EXPECT_EQ(v["records"], records);
  EXPECT_EQ(v["references"], references);
  EXPECT_EQ(v["archived"], references);
  for (const auto& [archive, digest] : before) EXPECT_EQ(Sha256Digest(ReadFile(archive)), digest) << archive;

  // Every article a page; the banner once an image, then revisits.
  std::vector<std::string> pages = LinesOf(Entry(package, "pages/pages.jsonl"));
  ASSERT_EQ(pages.size(), 6u);
  EXPECT_EQ(json::parse(pages[4])["title"], "Post 2");
  EXPECT_EQ(json::parse(pages[4])["url"], "https://rotproof.invalid/post-2/");
  EXPECT_EQ(json::parse(pages[4])["date"], "2022-08-02");  // the post's own; ts is the capture's
  std::vector<std::string> banner;
  for (const std::string& line : LinesOf(Entry(package, "indexes/index.cdxj")))
    if (line.starts_with("test,cdn)/banner-noise-size-200000.jpg "))
      banner.push_back(json::parse(line.substr(line.find('{')))["mime"]);
  EXPECT_EQ(banner, (std::vector<std::string>{"application/octet-stream", "warc/revisit", "warc/revisit"}));

  // The later posts' banner records name the first post's.
  std::string first;
  size_t revisits = 0;
  for (const WarcRecordView& r : RecordsOf(package)) {
    if (r.Field("WARC-Target-URI") != "http://cdn.test/banner-noise-size-200000.jpg") continue;
    if (r.Field("WARC-Type") == "response") first = r.Field("WARC-Record-ID");
    if (r.Field("WARC-Type") != "revisit") continue;
    ++revisits;
    EXPECT_EQ(r.Field("WARC-Refers-To"), first);
    EXPECT_LT(r.block.size(), 1000u);  // the HTTP head only
  }
  EXPECT_EQ(revisits, 2u);

  // Restored from the package, every article is what it is restored from
  // its own archive, byte for byte (the shared banner from a revisit too).
  RunResult from_package = RunProgram({Bin("rotproof"), "restore", package, "-o", *dir_ + "/from-package"});
  ASSERT_EQ(from_package.exit_code, 0) << from_package.err;
  ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", Out(), "-o", *dir_ + "/from-archives"}).exit_code, 0);
  EXPECT_EQ(TreeOf(*dir_ + "/from-package"), TreeOf(*dir_ + "/from-archives"));
  // index.md and index.html each, the collection, 3 pictures of each shared
  // post, 2 of post 000, 38 of post 003.
  EXPECT_EQ(TreeOf(*dir_ + "/from-package").size(), 5u * 2 + 1 + 3 * 3 + 2 + 38);
  EXPECT_TRUE(fs::exists(*dir_ + "/from-package/post-3/assets/banner-noise-size-200000.jpg"));
  // Back into each engine's source tree as well, in one pass: the very
  // tree the article archives give (the shared banner from a revisit too).
  for (const std::string layout : {"hexo", "hugo", "jekyll"}) {
    std::string site = *dir_ + "/site-from-package-" + layout, again = *dir_ + "/site-from-archives-" + layout;
    RunResult r = RunProgram({Bin("rotproof"), "restore", package, "--layout", layout, "-o", site});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(RunProgram({Bin("rotproof"), "restore", Out(), "--layout", layout, "-o", again}).exit_code, 0);
    EXPECT_EQ(TreeOf(site), TreeOf(again)) << layout;
    EXPECT_EQ(TreeOf(site).size(), 5u + 3 * 3 + 2 + 38) << layout;  // the posts and their pictures
  }
  EXPECT_TRUE(fs::exists(*dir_ + "/site-from-package-hexo/source/_posts/post-3/banner-noise-size-200000.jpg"));
  EXPECT_TRUE(fs::exists(*dir_ + "/site-from-package-jekyll/_posts/2022-08-03-post-3.md"));
  // ls: every record, and every article's references under its name.
  RunResult ls = RunProgram({Bin("rotproof"), "ls", "--json", package});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  std::map<std::string, size_t> references_by_article;
  const json listed = json::parse(ls.out);
  for (const json& r : listed["references"]) ++references_by_article[r["article"].get<std::string>()];
  EXPECT_EQ(references_by_article.size(), 5u);
  EXPECT_EQ(references_by_article["post-3"], 4u);  // thumbnail, src and data-original, logo
  RunResult ls_text = RunProgram({Bin("rotproof"), "ls", package});
  EXPECT_NE(ls_text.out.find("\n  post-3:\n"), std::string::npos) << ls_text.out;
}

TEST_F(PackTest, TheSameArchivesMakeTheSamePackage) {
  PackJson({Out(), "-o", *dir_ + "/one.wacz"});
  PackJson({Out(), "-o", *dir_ + "/two.wacz"});
  EXPECT_EQ(ReadFile(*dir_ + "/one.wacz"), ReadFile(*dir_ + "/two.wacz"));
}

TEST_F(PackTest, WhatCannotBePackedIsNamedAndTheRestGoesOn) {
  std::string in = *dir_ + "/mixed";
  fs::create_directories(in);
  std::string good = Out() + "/post-1.wacz";
  fs::copy_file(good, in + "/a-good.wacz");
  fs::copy_file(good, in + "/b-copy.wacz");
  // Rot: a byte of the WARC flipped.
  EditZip(good, in + "/c-rotten.wacz", [](const std::string& name, std::string* data) {
    if (name == "archive/data.warc.gz") (*data)[data->size() / 2] ^= 0x20;
    return true;
  });
  // Another page URL over the same records, resealed: it verifies, but its
  // records are already in the package; what it added is taken back.
  EditZip(Out() + "/post-2.wacz", *dir_ + "/relabelled.wacz", [](const std::string& name, std::string* data) {
    if (name == "pages/pages.jsonl") ReplaceAll(data, "/post-2/", "/post-2-again/");
    return true;
  });
  fs::copy_file(Out() + "/post-2.wacz", in + "/d-post-2.wacz");
  Reseal(*dir_ + "/relabelled.wacz", in + "/e-relabelled.wacz");
  ASSERT_EQ(Verify(in + "/e-relabelled.wacz").exit_code, 0);
  fs::copy_file(Out() + "/post-3.wacz", in + "/f-post-3.wacz");
  RunResult r = RunProgram({Bin("rotproof"), "pack", in, "-o", in + "/blog.wacz"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<std::string> errors = LinesOf(r.err);
  ASSERT_EQ(errors.size(), 3u) << r.err;
  EXPECT_EQ(errors[0].rfind("rotproof: skipped " + in + "/b-copy.wacz: the same article as " + in + "/a-good.wacz", 0),
            0u)
      << errors[0];
  EXPECT_EQ(errors[1].rfind("rotproof: skipped " + in + "/c-rotten.wacz: fails verification: E-", 0), 0u) << errors[1];
  EXPECT_NE(errors[2].find("e-relabelled.wacz: record <urn:uuid:"), std::string::npos) << errors[2];
  EXPECT_NE(errors[2].find("is in the package already"), std::string::npos) << errors[2];
  json v = VerifyJson(in + "/blog.wacz");
  EXPECT_EQ(v["records"], VerifyJson(good)["records"].get<size_t>() +
                              VerifyJson(in + "/d-post-2.wacz")["records"].get<size_t>() +
                              VerifyJson(in + "/f-post-3.wacz")["records"].get<size_t>());
  EXPECT_EQ(LinesOf(Entry(in + "/blog.wacz", "pages/pages.jsonl")).size(), 4u);

  // Again: the package in the directory is not an input, and nothing
  // packable makes no package.
  EXPECT_EQ(RunProgram({Bin("rotproof"), "pack", in, "-o", in + "/blog.wacz"}).exit_code, 1);
  RunResult none = RunProgram({Bin("rotproof"), "pack", in + "/c-rotten.wacz", "-o", *dir_ + "/none.wacz"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err.rfind("rotproof: no archive could be packed (" + in + "/c-rotten.wacz: fails verification", 0), 0u)
      << none.err;
  EXPECT_FALSE(fs::exists(*dir_ + "/none.wacz"));
  RunResult package_in = RunProgram({Bin("rotproof"), "pack", in + "/blog.wacz", "-o", *dir_ + "/again.wacz"});
  EXPECT_NE(package_in.err.find("holds 3 pages: a package"), std::string::npos) << package_in.err;
}

// A forger's archive (resealed, so it verifies) with numbers where strings
// belong: no crash; packed with what can be read.
TEST_F(PackTest, FactsOfTheWrongTypeAreReadAsAbsent) {
  std::string raw = *dir_ + "/odd-raw.wacz", odd = *dir_ + "/odd/post-1.wacz";
  fs::create_directories(*dir_ + "/odd");
  EditZip(Out() + "/post-1.wacz", raw, [](const std::string& name, std::string* data) {
    if (name == "pages/pages.jsonl") ReplaceAll(data, "\"title\":\"Post 1\"", "\"title\":5");
    if (name == "pages/pages.jsonl") ReplaceAll(data, "\"date\":\"2022-08-01\"", "\"date\":1e300");
    if (name == "indexes/index.cdxj") ReplaceAll(data, "\"mime\":\"image/png\"", "\"mime\":[1]");
    return true;
  });
  ASSERT_NE(Entry(raw, "pages/pages.jsonl").find("\"title\":5"), std::string::npos);
  ASSERT_NE(Entry(raw, "pages/pages.jsonl").find("\"date\":1e300"), std::string::npos);
  ASSERT_NE(Entry(raw, "indexes/index.cdxj").find("\"mime\":[1]"), std::string::npos);
  Reseal(raw, odd);
  RunResult r = RunProgram({Bin("rotproof"), "pack", "--json", odd, "-o", *dir_ + "/odd.wacz"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> pages = LinesOf(Entry(*dir_ + "/odd.wacz", "pages/pages.jsonl"));
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(json::parse(pages[1])["title"], "");
  EXPECT_FALSE(json::parse(pages[1]).contains("date"));
  EXPECT_EQ(Verify(*dir_ + "/odd.wacz").exit_code, 0);
}

TEST_F(PackTest, AnIndexLongerThanABlockIsCompressedAndVerifies) {
  std::string package = *dir_ + "/compressed.wacz";
  json report = PackJson({Out(), "-o", package, "--index-block-lines", "7"});
  EXPECT_TRUE(report["compressed_index"]);
  EXPECT_EQ(Entry(package, "indexes/index.cdxj"), "");
  std::vector<std::string> idx = LinesOf(Entry(package, "indexes/index.idx"));
  ASSERT_GT(idx.size(), 3u);
  EXPECT_EQ(idx[0].rfind("!meta 0 {\"format\":\"cdxj-gzip-1.0\"", 0), 0u) << idx[0];
  json datapackage = json::parse(Entry(package, "datapackage.json"));
  std::set<std::string> listed;
  for (const json& r : datapackage["resources"]) listed.insert(r["path"]);
  EXPECT_EQ(listed, (std::set<std::string>{"archive/data.warc.gz", "indexes/index.cdx.gz", "indexes/index.idx",
                                           "pages/pages.jsonl"}));
  VerifyJson(package);
  // The verifier reads the blocks: one changed is found.
  std::string tampered = *dir_ + "/compressed-tampered.wacz";
  EditZip(package, *dir_ + "/compressed-raw.wacz", [](const std::string& name, std::string* data) {
    if (name == "indexes/index.idx") ReplaceAll(data, "\"offset\":0,", "\"offset\":1,");
    return true;
  });
  Reseal(*dir_ + "/compressed-raw.wacz", tampered);
  RunResult r = Verify(tampered);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-INDEX-BLOCK"), std::string::npos) << r.out;
}

TEST_F(PackTest, ASignedPackageVerifiesAgainstItsKey) {
  ASSERT_EQ(RunProgram({Bin("rotproof"), "keygen", "-o", *dir_ + "/key.pem"}).exit_code, 0);
  std::string package = *dir_ + "/signed.wacz";
  PackJson({Out(), "-o", package, "--sign-key", *dir_ + "/key.pem", "--title", "A blog"});
  EXPECT_EQ(json::parse(Entry(package, "datapackage.json"))["title"], "A blog");
  RunResult r = Verify(package, {"--require-signature", "--pubkey", *dir_ + "/key.pub.pem"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

}  // namespace
}  // namespace rotproof
