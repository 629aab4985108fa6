#include "rotproof/http_head.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(HttpHeadTest, SplitsLinesIntoLowercaseNamesAndTrimmedValues) {
  HeaderField f = SplitHeaderLine("Content-Type: \t image/png ");
  EXPECT_EQ(f.name, "content-type");
  EXPECT_EQ(f.value, "image/png");
  EXPECT_EQ(SplitHeaderLine("NoColon").name, "nocolon");
  EXPECT_EQ(SplitHeaderLine("X-Empty:").value, "");
}

TEST(HttpHeadTest, FirstValueOfAFieldNeverTheStatusLine) {
  const char* head =
      "HTTP/1.1 200 content-encoding: fake\r\nContent-Encoding:  br\r\ncontent-encoding: gzip\r\n\r\nbody: x\r\n";
  EXPECT_EQ(HeaderValue(head, "content-encoding"), "br");
  EXPECT_EQ(HeaderValue(head, "body"), "");  // past the head's end
  EXPECT_EQ(HeaderValue("HTTP/1.1 200 OK\r\n\r\n", "content-encoding"), "");
  EXPECT_EQ(HeaderValue("HTTP/1.1 200 OK\r\nA: 1", "a"), "1");  // no final CRLF
}

TEST(HttpHeadTest, MediaTypeWithoutParameters) {
  EXPECT_EQ(MediaTypeOf("Text/CSS; charset=utf-8"), "text/css");
  EXPECT_EQ(MediaTypeOf(" image/png "), "image/png");
  EXPECT_EQ(MediaTypeOf(""), "application/octet-stream");
  EXPECT_EQ(MediaTypeOf(";charset=x"), "application/octet-stream");
}

}  // namespace
}  // namespace rotproof
