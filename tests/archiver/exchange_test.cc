#include "rotproof/exchange.h"

#include <gtest/gtest.h>

#include "rotproof/http_head.h"
#include "run.h"

namespace rotproof {
namespace {

FetchOutcome Served(const std::string& head, const std::string& body, const std::string& sniffed) {
  FetchOutcome o;
  o.url = "http://o.test/a.png";
  o.ok = true;
  Exchange x;
  x.url = o.url;
  x.response_head = head;
  x.content_type = HeaderValue(head, "content-type");
  x.body = body;
  x.sniffed_type = sniffed;
  o.hops.push_back(x);
  return o;
}

TEST(ExchangeTest, SniffsWhatTheBytesAre) {
  EXPECT_EQ(SniffMediaType("\x89PNG\r\n\x1a\n...."), "image/png");
  EXPECT_EQ(SniffMediaType("\xFF\xD8\xFF\xE0"), "image/jpeg");
  EXPECT_EQ(SniffMediaType(std::string_view("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");  // NULs inside
  EXPECT_EQ(SniffMediaType("\xEF\xBB\xBF  <!DOCTYPE html><html>"), "text/html");
  EXPECT_EQ(SniffMediaType("<?xml version=\"1.0\"?><svg xmlns=\"\">"), "image/svg+xml");
  EXPECT_EQ(SniffMediaType("plain text"), "");
}

TEST(ExchangeTest, WhyUnusableNamesFailuresSoft404sAndUndoableCodings) {
  FetchOutcome failed;
  failed.error = "HTTP 404";
  EXPECT_EQ(WhyUnusable(failed), "HTTP 404");
  EXPECT_EQ(WhyUnusable(Served("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n", "x", "image/png")), "");
  EXPECT_EQ(WhyUnusable(Served("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n", "<html>", "text/html")),
            "served an HTML page, not the asset (soft 404)");
  // Unknown bytes are judged by the declared type.
  EXPECT_EQ(WhyUnusable(Served("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", "?", "")),
            "served an HTML page, not the asset (soft 404)");
  EXPECT_NE(
      WhyUnusable(Served("HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n\r\n", "x", "")).find("restore cannot undo"),
      std::string::npos);
}

TEST(ExchangeTest, ReadBodyFromMemoryOrItsSpoolFile) {
  std::string dir = testing::FreshDir("exchange-body");
  Exchange x;
  x.body = "in memory";
  EXPECT_EQ(*ReadBody(x), "in memory");
  testing::WriteFile(dir + "/b", "spooled");
  x.body_path = dir + "/b";
  EXPECT_EQ(*ReadBody(x), "spooled");
  x.body_path = dir + "/gone";
  EXPECT_EQ(ReadBody(x).status().code(), Status::Code::kIoError);
}

}  // namespace
}  // namespace rotproof
