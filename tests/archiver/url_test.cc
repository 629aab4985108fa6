#include "rotproof/url.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(UrlTest, CanonicalUrlEncodesWhatRfc3986DoesNotAllow) {
  EXPECT_EQ(CanonicalUrl("https://example.com/a.jpg?x=1&y=2#f"), "https://example.com/a.jpg?x=1&y=2#f");
  EXPECT_EQ(CanonicalUrl("http://img.example.com/\xb2\xe2\xca\xd4.jpg"), "http://img.example.com/%B2%E2%CA%D4.jpg");
  EXPECT_EQ(CanonicalUrl("http://h/\xe6\xb5\x8b.png"), "http://h/%E6%B5%8B.png");
  EXPECT_EQ(CanonicalUrl("http://h/a b\"<>\\^`{|}.png"), "http://h/a%20b%22%3C%3E%5C%5E%60%7B%7C%7D.png");
  EXPECT_EQ(CanonicalUrl("http://h/100%25/50%/%zz"), "http://h/100%25/50%25/%25zz");
  EXPECT_EQ(CanonicalUrl("http://h/%e6%B5%8b"), "http://h/%e6%B5%8b");  // escapes kept as written
}

// As browsers do: tabs and newlines vanish, so a CR LF in a post can never
// become a header line; other controls are encoded.
TEST(UrlTest, CanonicalUrlDropsTabsAndNewlinesAndTrimsControls) {
  EXPECT_EQ(CanonicalUrl("  \t http://h/x.jpg\r\n "), "http://h/x.jpg");
  EXPECT_EQ(CanonicalUrl("http://h/x.jpg?z=\r\nWARC-Type: resource\r\n"), "http://h/x.jpg?z=WARC-Type:%20resource");
  EXPECT_EQ(CanonicalUrl("http://h/a\x1b[2J\x7f"), "http://h/a%1B[2J%7F");
  EXPECT_EQ(CanonicalUrl(std::string("http://h/a\0b", 12)), "http://h/a%00b");
  EXPECT_EQ(CanonicalUrl(""), "");
}

TEST(UrlTest, DecodeCharsetConvertsLegacyEncodings) {
  EXPECT_EQ(DecodeCharset("\xb2\xe2\xca\xd4", "gbk"), "\xe6\xb5\x8b\xe8\xaf\x95");                            // 测试
  EXPECT_EQ(DecodeCharset("\x83\x65\x83\x58\x83\x67", "shift_jis"), "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");  // テスト
  EXPECT_EQ(DecodeCharset("caf\xe9", "windows-1252"), "caf\xc3\xa9");
  EXPECT_EQ(DecodeCharset("\xe6\xb5\x8b", "gbk"), "\xe6\xb5\x8b");  // already UTF-8: unchanged
  EXPECT_EQ(DecodeCharset("\xb2\xe2", ""), "\xb2\xe2");
  EXPECT_EQ(DecodeCharset("\xb2\xe2", "no-such-charset"), "\xb2\xe2");
  EXPECT_EQ(DecodeCharset("\xff\xff\xff", "utf-16le-broken"), "\xff\xff\xff");
}

TEST(UrlTest, DeclaredCharsetReadsMetaTagsAndHeaders) {
  EXPECT_EQ(DeclaredCharset("<html><head><meta charset=\"GBK\">"), "gbk");
  EXPECT_EQ(DeclaredCharset("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"),
            "shift_jis");
  EXPECT_EQ(DeclaredCharset("text/html; charset=gb2312"), "gb2312");
  EXPECT_EQ(DeclaredCharset("<meta charset='utf-8'>"), "utf-8");
  EXPECT_EQ(DeclaredCharset("<html><body>no hint</body></html>"), "");
  EXPECT_EQ(DeclaredCharset(std::string(2000, ' ') + "<meta charset=gbk>"), "");  // only the first 1024 bytes
}

TEST(UrlTest, SplitUrlAndPercentDecode) {
  auto p = SplitUrl("HTTPS://User@Www.Example.COM:8443/a/b?q=1#f");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->scheme, "https");
  EXPECT_EQ(p->host, "www.example.com");
  EXPECT_EQ(p->port, "8443");
  EXPECT_EQ(p->path, "/a/b");
  EXPECT_EQ(SplitUrl("http://u:pw@[::1]:81/x")->port, "81");
  EXPECT_EQ(SplitUrl("http://u:pw@[::1]/x")->host, "[::1]");
  EXPECT_EQ(SplitUrl("http://u:pw@h.test/x")->port, "");
  EXPECT_EQ(p->query, "q=1");
  EXPECT_FALSE(SplitUrl("no-scheme/x").has_value());
  EXPECT_EQ(PercentDecode("a%2Fb%zz%4"), "a/b%zz%4");
}

TEST(UrlTest, AbsoluteUrlAgainstABase) {
  EXPECT_EQ(AbsoluteUrl("/x.png", "https://blog.dev/a/b"), "https://blog.dev/x.png");
  EXPECT_EQ(AbsoluteUrl("//cdn.dev/x.png", "http://blog.dev/"), "http://cdn.dev/x.png");
  EXPECT_EQ(AbsoluteUrl("//images.weserv.nl/?url=o.com/a.png", ""), "https://images.weserv.nl/?url=o.com/a.png");
  EXPECT_EQ(AbsoluteUrl("x.png", ""), "");
  EXPECT_EQ(AbsoluteUrl("https://o.test/x.png", "http://blog.dev/"), "https://o.test/x.png");
}

TEST(UrlTest, LiveUrlsAreHttpOrHttps) {
  EXPECT_TRUE(IsLiveUrl("https://blog.test/post.html"));
  EXPECT_TRUE(IsLiveUrl("http://blog.test/"));
  EXPECT_FALSE(IsLiveUrl("posts/http.md"));
  EXPECT_FALSE(IsLiveUrl("ftp://x.test/a"));
}

}  // namespace
}  // namespace rotproof
