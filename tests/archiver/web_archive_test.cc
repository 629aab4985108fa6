#include "rotproof/web_archive.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

// The answer the Wayback CDX server's documentation shows for output=json
// (github.com/internetarchive/wayback, wayback-cdx-server/README.md), with
// an image capture, a redirect and a malformed row added.
const char kCdx[] = R"([["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
["com,example)/a.png","20020120142510","http://example.com/a.png","image/png","200","HT2DYGA5UKZCPBSFVCV3JOBXGW2G5UUA","1792"],
["com,example)/a.png","20080120142510","http://example.com/a.png","text/html","200","X","10"],
["com,example)/a.png","20100120142510","http://example.com/a.png","image/png","302","Y","0"],
["com,example)/a.png","20120120142510","http://example.com/a.png","image/jpeg","200","Z","900"],
["short"]])";

// RFC 7089 section 5.1.1's TimeMap.
const char kTimeMap[] =
    "<http://a.example.org>;rel=\"original\",\n"
    "<http://arxiv.example.net/timemap/http://a.example.org>; rel=\"self\";type=\"application/link-format\"; "
    "from=\"Tue, 20 Jun 2000 18:02:59 GMT\"; until=\"Wed, 09 Apr 2008 20:30:51 GMT\",\n"
    "<http://arxiv.example.net/timegate/http://a.example.org>; rel=\"timegate\",\n"
    "<http://arxiv.example.net/web/20000620180259/http://a.example.org>; rel=\"first memento\";"
    "datetime=\"Tue, 20 Jun 2000 18:02:59 GMT\"; license=\"http://creativecommons.org/publicdomain/zero/1.0/\",\n"
    "<http://arxiv.example.net/web/20091027204954/http://a.example.org>; rel=\"last memento\";"
    "datetime=\"Tue, 27 Oct 2009 20:49:54 GMT\"; license=\"http://creativecommons.org/publicdomain/zero/1.0/\",\n"
    "<http://arxiv.example.net/web/20000621011731/http://a.example.org>; rel=\"memento\";"
    "datetime=\"Wed, 21 Jun 2000 01:17:31 GMT\"; license=\"http://creativecommons.org/publicdomain/zero/1.0/\"\n";

TEST(WebArchiveTest, CdxRowsOfPicturesServedWithStatus200Only) {
  RescueOptions options;
  std::vector<Capture> captures = ParseIndexAnswer(kCdx, options);
  ASSERT_EQ(captures.size(), 2u);
  EXPECT_EQ(captures[0].timestamp, "20020120142510");
  EXPECT_EQ(captures[0].url, "https://web.archive.org/web/20020120142510id_/http://example.com/a.png");
  EXPECT_EQ(captures[1].timestamp, "20120120142510");
  for (const char* nothing : {"[]", "", "not json", "{\"a\":1}", "[[\"timestamp\"]]", "[[1,2],[3,4]]"})
    EXPECT_TRUE(ParseIndexAnswer(nothing, options).empty()) << nothing;
  EXPECT_NE(IndexQueryUrl(options, "http://example.com/a b.png").find("?url=http%3A%2F%2Fexample.com%2Fa%20b.png&"),
            std::string::npos);
}

TEST(WebArchiveTest, TimeMapMementosWithTheirDates) {
  RescueOptions options;
  options.timemap = "http://timetravel.mementoweb.org/timemap/link/";
  EXPECT_EQ(IndexQueryUrl(options, "http://a.example.org"),
            "http://timetravel.mementoweb.org/timemap/link/http://a.example.org");
  std::vector<Capture> captures = ParseIndexAnswer(kTimeMap, options);
  ASSERT_EQ(captures.size(), 3u);  // first, last and plain mementos; not original, self or timegate
  EXPECT_EQ(captures[0].timestamp, "20000620180259");
  EXPECT_EQ(captures[0].url, "http://arxiv.example.net/web/20000620180259/http://a.example.org");
  EXPECT_EQ(captures[2].timestamp, "20000621011731");
}

TEST(WebArchiveTest, ClosestToThePostFirst) {
  std::vector<Capture> all = {
      {"20150101000000", "", "a"}, {"20200601000000", "", "b"}, {"2023", "", "c"}, {"20180101000000", "", "d"}};
  std::vector<Capture> picked = ClosestFirst(all, "20200602080000", 3);
  ASSERT_EQ(picked.size(), 3u);
  EXPECT_EQ(picked[0].url, "b");
  EXPECT_EQ(picked[1].url, "d");
  EXPECT_EQ(picked[2].url, "c");  // 2023-01-01, closer than 2015
  EXPECT_EQ(ClosestFirst(all, "2016", 1)[0].url, "a");
}

}  // namespace
}  // namespace rotproof
