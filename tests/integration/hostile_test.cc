// Hostile posts and servers, as an attacker (or an ordinary legacy blog)
// would send them: each case once crashed rotproof, leaked what it must not
// fetch, or wrote an archive its own verifier rejects.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "archive_env.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;

// The dead references of the report's first article: URL → reason.
std::map<std::string, std::string> DeadReasons(const std::string& out_dir) {
  std::map<std::string, std::string> dead;
  auto report = nlohmann::json::parse(ReadFile(out_dir + "/report.json"));
  for (const auto& d : report["articles"][0]["dead"]) dead[d["url"]] = d["reason"];
  return dead;
}

// The URLs of the archived references of a .wacz's manifest.
std::vector<std::string> ArchivedUrls(const std::string& wacz) {
  std::vector<std::string> urls;
  nlohmann::json manifest = ManifestOf(wacz);
  for (const auto& r : manifest["references"])
    if (r.value("status", "") == "archived") urls.push_back(r["archived_url"]);
  return urls;
}

constexpr char kSsrfPost[] =
    "---\ntitle: ssrf\n---\n"
    "![](http://169.254.169.254/latest/meta-data/iam/security-credentials/role.png)\n"
    "![](http://localhost/admin.png)\n"
    "![](http://[::1]/v6.png)\n"
    "![](http://10.1.2.3/lan.png)\n"
    "![](http://img.example.com/goto/http://192.168.1.1/router.png)\n"
    "![](https://images.weserv.nl/?url=http://100.64.0.1/cgnat.png)\n"
    "![](http://img.example.com/public.png)\n";

TEST(HostileServerTest, PrivateAndMetadataAddressesAreRefusedByDefault) {
  FakeOrigin origin;
  std::string dir = FreshDir("ssrf");
  WriteFile(dir + "/ssrf.md", kSsrfPost);
  RunResult r = ArchiveWith(origin, {dir + "/ssrf.md"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const char* url : {"http://169.254.169.254/latest/meta-data/iam/security-credentials/role.png",
                          "http://localhost/admin.png", "http://[::1]/v6.png", "http://10.1.2.3/lan.png",
                          "http://192.168.1.1/router.png", "http://100.64.0.1/cgnat.png"})
    EXPECT_EQ(origin.RequestCount(url), 0) << url;
  EXPECT_EQ(origin.RequestCount("http://img.example.com/public.png"), 1);
  auto dead = DeadReasons(dir + "/out");
  EXPECT_NE(dead["http://169.254.169.254/latest/meta-data/iam/security-credentials/role.png"].find(
                "refused: 169.254.169.254 is a link-local address; --allow-private allows it"),
            std::string::npos);
  EXPECT_NE(dead["http://localhost/admin.png"].find("refused: localhost names this machine"), std::string::npos);
  EXPECT_NE(dead["http://[::1]/v6.png"].find("refused: ::1 is a loopback address"), std::string::npos);
  EXPECT_NE(dead["http://10.1.2.3/lan.png"].find("refused: 10.1.2.3 is a private address"), std::string::npos);
  // On a redirect hop, and on an origin unwrapped from a proxy URL (the
  // proxy itself, a public host, may still serve it).
  EXPECT_NE(dead["http://img.example.com/goto/http://192.168.1.1/router.png"].find(
                "refused: 192.168.1.1 is a private address"),
            std::string::npos);
  EXPECT_EQ(Verify(dir + "/out/ssrf.wacz").exit_code, 0);
  auto manifest = ManifestOf(dir + "/out/ssrf.wacz");
  bool cgnat_refused = false;
  for (const auto& ref : manifest["references"])
    for (const auto& c : ref["candidates"])
      if (c["url"] == "http://100.64.0.1/cgnat.png")
        cgnat_refused = c["outcome"].get<std::string>().find("is a CGNAT address") != std::string::npos;
  EXPECT_TRUE(cgnat_refused) << manifest.dump(1);
}

TEST(HostileServerTest, UserAllowedRangesAndMappedHostsAreFetched) {
  FakeOrigin origin;
  std::string dir = FreshDir("ssrf-allowed");
  WriteFile(dir + "/ssrf.md", kSsrfPost);
  RunResult r = ArchiveWith(origin, {dir + "/ssrf.md"}, dir + "/out",
                            {"--allow-private", "169.254.0.0/16", "--allow-private", "localhost", "--connect-to",
                             "10.1.2.3:80:127.0.0.1:" + std::to_string(origin.port())});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(origin.RequestCount("http://169.254.169.254/latest/meta-data/iam/security-credentials/role.png"), 1);
  EXPECT_EQ(origin.RequestCount("http://localhost/admin.png"), 1);
  EXPECT_EQ(origin.RequestCount("http://10.1.2.3/lan.png"), 1);
  EXPECT_EQ(origin.RequestCount("http://[::1]/v6.png"), 0);
  RunResult bad = ArchiveWith(origin, {dir + "/ssrf.md"}, dir + "/bad", {"--allow-private", "10.0.0.0/33"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("'10.0.0.0/33' is not an address range"), std::string::npos) << bad.err;
}

// A proxy from the environment is where curl connects: on a private
// address it is the user's intent (the origin's own name is the proxy's to
// resolve).
TEST(HostileServerTest, ProxyFromTheEnvironmentMayBePrivate) {
  FakeOrigin origin;  // also answers as an HTTP proxy
  std::string dir = FreshDir("ssrf-proxy");
  WriteFile(dir + "/a.md", "![](http://img.example.com/via-proxy.png)\n![](http://10.1.2.3/lan.png)\n");
  RunResult r = RunProgram({Bin("rotproof"), "archive", "-o", dir + "/out", "--retries", "0", dir + "/a.md"},
                           {"http_proxy=http://127.0.0.1:" + std::to_string(origin.port())});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(origin.RequestCount("http://img.example.com/via-proxy.png"), 1);
  EXPECT_EQ(origin.RequestCount("http://10.1.2.3/lan.png"), 0);
}

// No mapping at all: the names resolve for real, and what is checked is the
// address curl connects to (IPv4 written in decimal or shortened slips past
// any check of the URL's text).
TEST(HostileServerTest, ConnectedAddressIsCheckedWhateverTheName) {
  FakeOrigin origin;
  std::string dir = FreshDir("ssrf-address");
  std::string port = std::to_string(origin.port());
  WriteFile(dir + "/a.md",
            "![](http://2130706433:" + port + "/decimal.png)\n![](http://127.1:" + port + "/short.png)\n");
  RunResult r = RunProgram({Bin("rotproof"), "archive", "-o", dir + "/out", "--retries", "0", dir + "/a.md"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(origin.RequestCount("http://127.0.0.1:" + port + "/decimal.png"), 0);
  auto dead = DeadReasons(dir + "/out");
  EXPECT_NE(dead["http://2130706433:" + port + "/decimal.png"].find(
                "refused: 2130706433 resolved to 127.0.0.1, a loopback address"),
            std::string::npos)
      << dead.begin()->second;
  EXPECT_NE(dead["http://127.1:" + port + "/short.png"].find("refused: 127.1 resolved to 127.0.0.1"),
            std::string::npos);
  r = RunProgram({Bin("rotproof"), "archive", "-o", dir + "/allowed", "--retries", "0", "--allow-private",
                  "127.0.0.0/8", dir + "/a.md"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(origin.RequestCount("http://127.0.0.1:" + port + "/decimal.png"), 1);
}

// "测试" in GBK, as legacy Chinese blogs store their posts.
constexpr char kGbk[] = "\xb2\xe2\xca\xd4";

TEST(HostilePostTest, NonUtf8UrlsArePercentEncodedAndTheBatchGoesOn) {
  FakeOrigin origin;
  std::string dir = FreshDir("gbk");
  WriteFile(dir + "/gbk.md", std::string("---\ntitle: ") + kGbk + "\nheadimg: http://img.example.com/h" + kGbk +
                                 ".png\n---\n![](http://img.example.com/" + kGbk + ".jpg)\n" +
                                 "<div style=\"background:url(http://img.example.com/bg" + kGbk + ".png)\"></div>\n");
  RunResult r = ArchiveWith(origin, {dir + "/gbk.md", Fixture("posts/001-zaker-amd-pan-tiny.md")}, dir + "/out");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Verify(dir + "/out/gbk.wacz").exit_code, 0);
  auto urls = ArchivedUrls(dir + "/out/gbk.wacz");
  std::sort(urls.begin(), urls.end());
  EXPECT_EQ(urls, (std::vector<std::string>{"http://img.example.com/%B2%E2%CA%D4.jpg",
                                            "http://img.example.com/bg%B2%E2%CA%D4.png",
                                            "http://img.example.com/h%B2%E2%CA%D4.png"}));
  EXPECT_EQ(origin.RequestCount("http://img.example.com/%B2%E2%CA%D4.jpg"), 1);
  auto report = nlohmann::json::parse(ReadFile(dir + "/out/report.json"));
  EXPECT_EQ(report["totals"]["articles"], 2);
  EXPECT_TRUE(std::filesystem::exists(dir + "/out/001-zaker-amd-pan-tiny.wacz"));
}

TEST(HostilePostTest, DeclaredCharsetDecodesUrlsAsABrowserWould) {
  FakeOrigin origin;
  std::string dir = FreshDir("gbk-html");
  WriteFile(dir + "/page.html", std::string("<html><head><meta charset=\"gbk\"><title>") + kGbk +
                                    "</title></head><body><img src=\"http://img.example.com/" + kGbk +
                                    ".jpg\"></body></html>\n");
  RunResult r = ArchiveWith(origin, {dir + "/page.html"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ArchivedUrls(dir + "/out/page.wacz"),
            std::vector<std::string>{"http://img.example.com/%E6%B5%8B%E8%AF%95.jpg"});
  EXPECT_EQ(Verify(dir + "/out/page.wacz").exit_code, 0);
}

// Every record's header, in both formats, has exactly the fields rotproof
// wrote: no URL can smuggle in a line of its own.
TEST(HostilePostTest, UrlsCannotInjectWarcHeaderLines) {
  FakeOrigin origin;
  std::string dir = FreshDir("inject");
  WriteFile(dir + "/inject.html",
            "<img src=\"https://images.weserv.nl/?url=http://img.example.com/x.jpg&amp;z=&#13;&#10;WARC-Type: "
            "resource&#13;&#10;WARC-Target-URI: http://evil.example/\">\n"
            "<img src='http://img.example.com/a b\"<>.png'>\n"
            "<div style=\"background:url('http://img.example.com/c\r\nWARC-Type: resource\r\n.png')\"></div>\n");
  for (const char* format : {"wacz", "warc"}) {
    SCOPED_TRACE(format);
    std::string out = dir + "/" + format;
    RunResult r = ArchiveWith(origin, {dir + "/inject.html"}, out, {"--format", format});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string archive = out + (std::string(format) == "wacz" ? "/inject.wacz" : "/inject.warc.gz");
    RunResult v = Verify(archive);
    EXPECT_EQ(v.exit_code, 0) << v.out;
    std::vector<WarcRecordView> records;
    if (std::string(format) == "wacz") {
      records = RecordsOf(archive);
    } else {
      std::vector<ReadIssue> issues;
      records = ReadWarcGz(ReadFile(archive), &issues);
    }
    ASSERT_FALSE(records.empty());
    for (const WarcRecordView& rec : records) {
      EXPECT_EQ(rec.FieldCount("WARC-Type"), 1u);
      EXPECT_LE(rec.FieldCount("WARC-Target-URI"), 1u);
      for (const auto& [name, value] : rec.fields) {
        if (name.find("URI") != std::string::npos) {
          EXPECT_EQ(value.find_first_of(" \"<>"), std::string::npos) << name << ": " << value;
        }
        EXPECT_NE(value, "http://evil.example/");
      }
    }
  }
}

std::string Nested(int depth) {
  std::string nested;
  for (int i = 0; i < depth; ++i) nested += "<div>";
  return nested + "<img src=\"http://img.example.com/deep.png\">\n";
}

// 50,000 levels once overflowed the stack of a recursive walk (SIGSEGV);
// the walk is iterative, and depth past any browser's is refused up front
// (gumbo's tree building is quadratic in it).
TEST(HostilePostTest, DeeplyNestedHtmlIsWalkedOrRefusedNeverCrashes) {
  FakeOrigin origin;
  std::string dir = FreshDir("nested");
  WriteFile(dir + "/deep.html", Nested(9000));
  WriteFile(dir + "/deep-md.md", "# deep\n\n" + Nested(9000));
  WriteFile(dir + "/bomb.html", Nested(50000));
  WriteFile(dir + "/bomb-md.md", "# deep\n\n" + Nested(50000));
  RunResult r = ArchiveWith(origin, {dir + "/deep.html", dir + "/deep-md.md", dir + "/bomb.html", dir + "/bomb-md.md"},
                            dir + "/out");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "rotproof: " + dir +
                       "/bomb.html: HTML nests elements 50000 deep; rotproof reads at most "
                       "10000 (browsers stop at 512)\nrotproof: " +
                       dir +
                       "/bomb-md.md: HTML nests elements 50000 "
                       "deep; rotproof reads at most 10000 (browsers stop at 512)\n");
  EXPECT_EQ(ArchivedUrls(dir + "/out/deep.wacz"), std::vector<std::string>{"http://img.example.com/deep.png"});
  EXPECT_EQ(ArchivedUrls(dir + "/out/deep-md.wacz"), std::vector<std::string>{"http://img.example.com/deep.png"});
}

// Peak resident memory of running `argv` in KiB, through GNU time.
long PeakRssKib(std::vector<std::string> argv, RunResult* result) {
  argv.insert(argv.begin(), {"/usr/bin/time", "-f", "maxrss=%M"});
  *result = RunProgram(argv);
  size_t at = result->err.rfind("maxrss=");
  return at == std::string::npos ? -1 : std::stol(result->err.substr(at + 7));
}

// 64 MiB of zeros in a few hundred bytes of brotli: stored as received,
// verified, and refused on restore once it decodes past 1000 times its size,
// with memory to match.
TEST(HostileServerTest, DecompressionBombIsRefusedOnRestore) {
  FakeOrigin origin;
  std::string dir = FreshDir("bomb");
  WriteFile(dir + "/bomb.md", "![](http://img.example.com/bomb.png)\n![](http://img.example.com/ok.png)\n");
  ASSERT_EQ(ArchiveWith(origin, {dir + "/bomb.md"}, dir + "/out").exit_code, 0);
  std::string wacz = dir + "/out/bomb.wacz";
  EXPECT_EQ(Verify(wacz).exit_code, 0);
  RunResult r;
  long rss = PeakRssKib({Bin("rotproof"), "restore", wacz, "-o", dir + "/restored"}, &r);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("rotproof: " + wacz +
                       ": assets/bomb.png: decodes to more than 1000 times its size "
                       "(a decompression bomb); nothing restored"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/restored/bomb"));
  // Against restoring an archive without the bomb: decoding it would add
  // 64 MiB.
  WriteFile(dir + "/plain.md", "![](http://img.example.com/ok.png)\n");
  ASSERT_EQ(ArchiveWith(origin, {dir + "/plain.md"}, dir + "/plain").exit_code, 0);
  RunResult plain;
  long plain_rss = PeakRssKib({Bin("rotproof"), "restore", dir + "/plain/plain.wacz", "-o", dir + "/p"}, &plain);
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_GT(rss, 0);
  EXPECT_LT(rss, plain_rss + 16 * 1024) << "KiB";
  r = RunProgram({Bin("rotproof"), "restore", "--force", wacz, "-o", dir + "/forced"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("rotproof: skipped: assets/bomb.png: decodes to more than 1000 times"), std::string::npos)
      << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/forced/bomb/assets/ok.png"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/forced/bomb/assets/bomb.png"));
}

// A linked stylesheet is decoded at archive time to find its url()s: a gzip
// bomb there is stored as received and not scanned.
TEST(HostileServerTest, StylesheetBombIsNotDecodedAtArchiveTime) {
  FakeOrigin origin;
  std::string dir = FreshDir("css-bomb");
  RunResult r;
  long rss = PeakRssKib({Bin("rotproof"), "archive", "-o", dir + "/out", "--retries", "0", "--connect-to",
                         origin.ConnectTo(), "http://site.example/page-bomb.html"},
                        &r);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Against a page whose stylesheet is not a bomb: decoding it would add
  // 64 MiB.
  RunResult plain;
  long plain_rss = PeakRssKib({Bin("rotproof"), "archive", "-o", dir + "/plain", "--retries", "0", "--connect-to",
                               origin.ConnectTo(), "http://site.example/page-1.html"},
                              &plain);
  EXPECT_GT(rss, 0);
  EXPECT_LT(rss, plain_rss + 16 * 1024) << "KiB";
  nlohmann::json manifest = ManifestOf(dir + "/out/page-bomb.wacz");
  EXPECT_TRUE(manifest["stylesheet_assets"].empty()) << manifest["stylesheet_assets"].dump();
  EXPECT_EQ(Verify(dir + "/out/page-bomb.wacz").exit_code, 0);
}

// What restore would refuse is refused at capture, per reference (the
// exchange is kept as evidence), so the archive restores.
TEST(HostileServerTest, UnknownContentEncodingIsRejectedAtCapture) {
  FakeOrigin origin;
  std::string dir = FreshDir("zstd");
  WriteFile(dir + "/zstd.md", "![](http://img.example.com/fine.png)\n![](http://img.example.com/only-zstd.png)\n");
  RunResult r = ArchiveWith(origin, {dir + "/zstd.md"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto dead = DeadReasons(dir + "/out");
  EXPECT_EQ(dead["http://img.example.com/only-zstd.png"],
            "http://img.example.com/only-zstd.png: served with unknown Content-Encoding 'zstd', which restore "
            "cannot undo");
  EXPECT_EQ(Verify(dir + "/out/zstd.wacz").exit_code, 0);
  EXPECT_EQ(RunProgram({Bin("rotproof"), "restore", dir + "/out/zstd.wacz", "-o", dir + "/r"}).exit_code, 0);
}

// An endless body is cut at the default cap (512 MiB), recorded as why,
// and nothing of it is left behind.
TEST(HostileServerTest, EndlessBodyStopsAtTheDefaultCap) {
  FakeOrigin origin;
  std::string dir = FreshDir("endless");
  WriteFile(dir + "/endless.md", "![](http://img.example.com/endless.png)\n");
  RunResult r = ArchiveWith(origin, {dir + "/endless.md"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(DeadReasons(dir + "/out")["http://img.example.com/endless.png"],
            "http://img.example.com/endless.png: larger than --max-asset-bytes (536870912)");
  for (const auto& e : std::filesystem::directory_iterator(dir + "/out"))
    EXPECT_TRUE(e.path().filename() == "endless.wacz" || e.path().filename() == "report.json" ||
                e.path().filename() == "report.html" || e.path().filename() == ".rotproof-journal.sqlite")
        << e.path();
}

// What a server sends is stored so that the verifier passes it: a second
// Content-Length renamed; 16 MiB of zeros (as compressible as bodies get)
// within the 1000:1 a gzip bomb is judged by.
TEST(HostileServerTest, ArchivesNeverTripTheirOwnVerifier) {
  FakeOrigin origin;
  std::string dir = FreshDir("own-verifier");
  WriteFile(dir + "/post.md",
            "![](http://img.example.com/dup-length.png)\n"
            "![](http://img.example.com/zeros/size-16777216.bin)\n");
  RunResult r = ArchiveWith(origin, {dir + "/post.md"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  RunResult v = Verify(dir + "/out/post.wacz");
  EXPECT_EQ(v.exit_code, 0) << v.out;
  EXPECT_EQ(v.out.find("E-"), std::string::npos) << v.out;
  for (const WarcRecordView& rec : RecordsOf(dir + "/out/post.wacz")) {
    if (rec.Field("WARC-Target-URI") != "http://img.example.com/dup-length.png" || rec.Field("WARC-Type") != "response")
      continue;
    std::string_view head;
    RecordPayload(rec, &head);
    size_t lengths = 0;
    for (size_t at = head.find("\nContent-Length: "); at != std::string_view::npos;
         at = head.find("\nContent-Length: ", at + 1))
      ++lengths;
    EXPECT_EQ(lengths, 1u) << head;
    EXPECT_NE(head.find("\nX-Orig-Content-Length: "), std::string_view::npos) << head;
  }
}

TEST(HostileFileTest, SymlinksLeavingTheTreeAreSkippedAndNamed) {
  FakeOrigin origin;
  std::string dir = FreshDir("symlinks");
  std::filesystem::create_directories(dir + "/blog");
  WriteFile(dir + "/secret.md", "SECRET-TOKEN\n");
  WriteFile(dir + "/blog/post.md", "![](http://img.example.com/a.png)\n");
  std::filesystem::create_symlink(dir + "/secret.md", dir + "/blog/leak.md");
  std::filesystem::create_symlink("post.md", dir + "/blog/inner.md");
  RunResult r = ArchiveWith(origin, {dir + "/blog"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "rotproof: " + dir + "/blog/leak.md: skipped: a symbolic link to " + dir + "/secret.md, outside " +
                       dir + "/blog\n");
  EXPECT_TRUE(std::filesystem::exists(dir + "/out/post.wacz"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/out/inner.wacz"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/out/leak.wacz"));
}

// Opening a FIFO for reading waits for a writer: refused up front, for
// archive, verify and restore alike.
TEST(HostileFileTest, FifosAndDevicesAreRefusedNotRead) {
  FakeOrigin origin;
  std::string dir = FreshDir("fifo");
  ASSERT_EQ(::mkfifo((dir + "/pipe.md").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((dir + "/pipe.wacz").c_str(), 0600), 0);
  RunResult r = ArchiveWith(origin, {dir + "/pipe.md", "/dev/zero"}, dir + "/out");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "rotproof: " + dir +
                       "/pipe.md: not a regular file (a FIFO, socket or device)\n"
                       "rotproof: /dev/zero: not a regular file (a FIFO, socket or device)\n");
  RunResult v = Verify(dir + "/pipe.wacz");
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.out.find(dir + "/pipe.wacz: not a regular file"), std::string::npos) << v.out;
  RunResult restore = RunProgram({Bin("rotproof"), "restore", dir + "/pipe.wacz", "-o", dir + "/r"});
  EXPECT_EQ(restore.exit_code, 2);
  EXPECT_NE(restore.err.find("not a regular file"), std::string::npos) << restore.err;
}

// 78 CJK characters: 234 bytes of name, near NAME_MAX, archived and
// restored (temporary names no longer grow with it).
TEST(HostileFileTest, PostsWithNamesNearNameMaxArchiveAndRestore) {
  FakeOrigin origin;
  std::string dir = FreshDir("long-name");
  std::string stem;
  for (int i = 0; i < 78; ++i) stem += "\xe6\xb5\x8b";
  WriteFile(dir + "/" + stem + ".md", "![](http://img.example.com/a.png)\n");
  RunResult r = ArchiveWith(origin, {dir + "/" + stem + ".md"}, dir + "/out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunProgram({Bin("rotproof"), "restore", dir + "/out/" + stem + ".wacz", "-o", dir + "/restored"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/restored/" + stem + "/assets/a.png"));
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ROTPROOF_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(ROTPROOF_ASAN)
constexpr bool kSanitized = true;  // ASan reserves terabytes of address space
#else
constexpr bool kSanitized = false;
#endif

// Out of memory is that archive's error, not the run's: a 200 MiB
// datapackage.json under a 200 MiB address-space limit, then a good archive.
TEST(HostileArchiveTest, OutOfMemoryFailsOneArchiveAndTheRunGoesOn) {
  if (kSanitized) GTEST_SKIP() << "address-space limits do not apply under AddressSanitizer";
  FakeOrigin origin;
  std::string dir = FreshDir("oom");
  WriteFile(dir + "/small.md", "![](http://img.example.com/a.png)\n");
  ASSERT_EQ(ArchiveWith(origin, {dir + "/small.md"}, dir + "/out").exit_code, 0);
  WriteZip(dir + "/huge.wacz", {{"datapackage.json", std::string(200 << 20, ' ')}});
  RunResult r = RunProgram({"/usr/bin/prlimit", "--as=" + std::to_string(200 << 20), Bin("rotproof-verify"),
                            dir + "/huge.wacz", dir + "/out/small.wacz"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find(dir + "/huge.wacz: UNREADABLE\n  E-UNREADABLE " + dir + "/huge.wacz: out of memory auditing it"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(dir + "/out/small.wacz: OK"), std::string::npos) << r.out;
}

TEST(HostileArchiveTest, ControlCharactersAreEscapedInTextReports) {
  std::string dir = FreshDir("escape");
  std::string name = dir + "/evil\x1b[2J\rname.wacz";
  RunResult r = Verify(name);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("evil\\x1b[2J\\x0dname.wacz"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace rotproof
