#include "transfer.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(TransferTest, StoredHeadStatesTheStoredBodyOnce) {
  std::vector<std::string> lines = {"HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "Content-Type: image/png"};
  EXPECT_EQ(StoredResponseHead(lines, 5),
            "HTTP/1.1 200 OK\r\nX-Orig-Transfer-Encoding: chunked\r\nContent-Type: image/png\r\n"
            "Content-Length: 5\r\n\r\n");
  // A second or a wrong Content-Length is kept renamed, as evidence.
  lines = {"HTTP/1.1 200 OK", "Content-Length: 5", "Content-Length: 7"};
  EXPECT_EQ(StoredResponseHead(lines, 5), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Orig-Content-Length: 7\r\n\r\n");
  lines = {"HTTP/1.1 200 OK", "Content-Length: 9"};
  EXPECT_EQ(StoredResponseHead(lines, 5), "HTTP/1.1 200 OK\r\nX-Orig-Content-Length: 9\r\nContent-Length: 5\r\n\r\n");
  EXPECT_EQ(HeaderValue(std::vector<std::string>{"HTTP/1.1 200 OK", "Content-Type: text/css"}, "content-type"),
            "text/css");
}

TEST(TransferTest, WhatIsRetriedAndForHowLong) {
  EXPECT_TRUE(IsTransientStatus(503));
  EXPECT_TRUE(IsTransientStatus(429));
  EXPECT_FALSE(IsTransientStatus(404));
  EXPECT_TRUE(IsTransientCurlError(CURLE_OPERATION_TIMEDOUT));
  EXPECT_FALSE(IsTransientCurlError(CURLE_COULDNT_RESOLVE_HOST));
  EXPECT_EQ(RetryAfterSeconds("120"), 120);
  EXPECT_EQ(RetryAfterSeconds(""), -1);
  EXPECT_EQ(RetryAfterSeconds("soon"), -1);
  EXPECT_EQ(RetryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT"), 0);  // in the past
}

TEST(TransferTest, EndpointsMakeTheDefaultPortExplicit) {
  EXPECT_EQ(EndpointOf(*SplitUrl("https://img.test/a.png")), "https://img.test:443");
  EXPECT_EQ(EndpointOf(*SplitUrl("http://img.test:8080/a.png")), "http://img.test:8080");
  EXPECT_EQ(PortOf(*SplitUrl("http://img.test/")), "80");
}

}  // namespace
}  // namespace rotproof
