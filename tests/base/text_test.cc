#include "rotproof/text.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(TextTest, AsciiCaseOnly) {
  EXPECT_EQ(AsciiLower("Content-Type: IMAGE/PNG"), "content-type: image/png");
  EXPECT_EQ(AsciiLower("\xc3\x89T\xc3\x89"), "\xc3\x89t\xc3\x89");  // non-ASCII bytes untouched
  EXPECT_TRUE(StartsWithIgnoreCase("Transfer-Encoding: chunked", "transfer-encoding:"));
  EXPECT_FALSE(StartsWithIgnoreCase("Transfer", "transfer-encoding:"));
}

TEST(TextTest, HexDigits) {
  EXPECT_EQ(HexDigitValue('0'), 0);
  EXPECT_EQ(HexDigitValue('a'), 10);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
  EXPECT_EQ(HexDigitValue('%'), -1);
  EXPECT_TRUE(IsAsciiDigit('7'));
  EXPECT_FALSE(IsAsciiDigit('x'));
}

TEST(TextTest, Utf8AndHtmlEscaping) {
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe6\xb5\x8b"));
  EXPECT_FALSE(IsValidUtf8("\xb2\xe2\xca\xd4"));  // GBK
  EXPECT_FALSE(IsValidUtf8("\xe6\xb5"));          // cut short
  EXPECT_EQ(EscapeHtml("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
}

}  // namespace
}  // namespace rotproof
