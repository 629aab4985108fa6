#include "rotproof/rules.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

std::string Unwrap(const std::string& url, std::string* rule = nullptr) {
  return RuleSet::Defaults().UnwrapOnce(url, rule).value_or("<none>");
}

// Each example comes from a real post in ../shared/corpus (see PROXIES.md).
TEST(RulesTest, CorsZfourRawAfterQuestionMark) {
  std::string rule;
  EXPECT_EQ(Unwrap("https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202207/62cebc528e9f09738037438e_1024.jpg",
                   &rule),
            "http://zkres2.myzaker.com/202207/62cebc528e9f09738037438e_1024.jpg");
  EXPECT_EQ(rule, "cors-zfour");
  // Never decoded; the origin's own query and suffixes are kept byte for byte.
  EXPECT_EQ(Unwrap("https://cors.zfour.workers.dev/?http://img.jandan.net/a.jpg!custom?x=%E6%88%91&y"),
            "http://img.jandan.net/a.jpg!custom?x=%E6%88%91&y");
}

TEST(RulesTest, UrlParameterRawOrPercentEncoded) {
  EXPECT_EQ(Unwrap("https://images.weserv.nl/?url=https://cdn.jsdelivr.net/gh/h/p/1.jpg&default=x"),
            "https://cdn.jsdelivr.net/gh/h/p/1.jpg");
  EXPECT_EQ(Unwrap("https://wsrv.nl/?url=https%3A%2F%2Fo.com%2Fa%20b.png&w=3"), "https://o.com/a b.png");
  EXPECT_EQ(Unwrap("https://images.weserv.nl/?url=o.com/noscheme.png"), "https://o.com/noscheme.png");
  EXPECT_EQ(Unwrap("https://image.baidu.com/search/down?url=https://tva1.sinaimg.cn/large/x.jpg"),
            "https://tva1.sinaimg.cn/large/x.jpg");
  EXPECT_EQ(Unwrap("https://search.pstatic.net/common?src=%22https%3A%2F%2Fi.imgur.com%2F6uJ8GJZ.png%22"),
            "https://i.imgur.com/6uJ8GJZ.png");
}

TEST(RulesTest, PathCarriedOrigins) {
  EXPECT_EQ(Unwrap("https://ghproxy.com/https://raw.githubusercontent.com/l/b/main/d/1.png"),
            "https://raw.githubusercontent.com/l/b/main/d/1.png");
  EXPECT_EQ(Unwrap("https://pic1.xuehuaimg.com/proxy/i.imgur.com/kG5Hgah.png"), "https://i.imgur.com/kG5Hgah.png");
  EXPECT_EQ(Unwrap("https://i0.wp.com/www.baylyparker.com/wp-content/uploads/2020/05/S.png?fit=1024%2C314"),
            "https://www.baylyparker.com/wp-content/uploads/2020/05/S.png");
}

TEST(RulesTest, ParametersInThePathAndLastOccurrences) {
  // 025: percent-encoded in the path up to the first '&'; a literal '?' comes later.
  EXPECT_EQ(Unwrap("https://gimg2.baidu.com/image_search/src=http%3A%2F%2Fimg.bqatj.com%2Fimg%2Feda21be90612d87e.jpg"
                   "&refer=http%3A%2F%2Fimg.bqatj.com&app=2002&size=f9999,10000&q=a80&n=0&g=0n&fmt=jpeg"
                   "?sec=1611386373&t=d8b9939603ff5befe69cee7fbf148c35"),
            "http://img.bqatj.com/img/eda21be90612d87e.jpg");
  EXPECT_EQ(Unwrap("https://timgsa.baidu.com/timg?image&quality=80&src=http%3A%2F%2Fa.cn%2Fx.jpg"),
            "http://a.cn/x.jpg");
  EXPECT_EQ(Unwrap("https://ss0.bdstatic.com/70cF/it/u=1,2&fm=26/timg?src=x&src=http://b.cn/y.jpg"),
            "http://b.cn/y.jpg");
  EXPECT_EQ(Unwrap("https://proxy.duckduckgo.com/iu/?u=https%3A%2F%2Fo.com%2Fd.png&f=1"), "https://o.com/d.png");
}

TEST(RulesTest, HexAndSubRoutes) {
  EXPECT_EQ(Unwrap("https://camo.githubusercontent.com/0f3a9b/68747470733a2f2f6f2e636f6d2f612e706e67"),
            "https://o.com/a.png");
  EXPECT_EQ(Unwrap("https://camo.githubusercontent.com/0f3a9b/zz"), "<none>");
  EXPECT_EQ(Unwrap("https://pic1.xuehuaimg.com/proxy/csdn/https://img-blog.csdnimg.cn/a.png"),
            "https://img-blog.csdnimg.cn/a.png");
}

TEST(RulesTest, EveryProxyOfTheCorpusIsCovered) {
  // PROXIES.md's example of each proxy, with the origin it must give.
  const std::vector<std::pair<std::string, std::string>> examples = {
      {"https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202207/62cebc528e9f09738037438e_1024.jpg",
       "http://zkres2.myzaker.com/202207/62cebc528e9f09738037438e_1024.jpg"},
      {"https://pic1.xuehuaimg.com/proxy/i.imgur.com/kG5Hgah.png", "https://i.imgur.com/kG5Hgah.png"},
      {"https://i0.wp.com/www.baylyparker.com/wp-content/uploads/2020/05/"
       "Screenshot-2020-05-27-at-22.47.25.png?fit=1024%2C314",
       "https://www.baylyparker.com/wp-content/uploads/2020/05/Screenshot-2020-05-27-at-22.47.25.png"},
      {"https://search.pstatic.net/common?src=https://i.imgur.com/6uJ8GJZ.png", "https://i.imgur.com/6uJ8GJZ.png"},
      {"https://images.weserv.nl/?url=https://cdn.jsdelivr.net/gh/hanhan3344/pic/note_pic/20230815220009.jpg&default=x",
       "https://cdn.jsdelivr.net/gh/hanhan3344/pic/note_pic/20230815220009.jpg"},
      {"https://image.baidu.com/search/down?url=https://tva1.sinaimg.cn/large/008i3skNly1grx3heccvkj31h30sp0wb.jpg",
       "https://tva1.sinaimg.cn/large/008i3skNly1grx3heccvkj31h30sp0wb.jpg"},
      {"https://ghproxy.com/https://raw.githubusercontent.com/liaoxianfu/blogimg/main/data/20221031173008.png",
       "https://raw.githubusercontent.com/liaoxianfu/blogimg/main/data/20221031173008.png"},
      {"https://cors-anywhere.herokuapp.com/http://o.com/a.png", "http://o.com/a.png"},
      {"https://cors.netnr.workers.dev/https://o.com/a.png", "https://o.com/a.png"},
  };
  for (const auto& [proxied, origin] : examples) EXPECT_EQ(Unwrap(proxied), origin) << proxied;
}

// Routes whose origin is derived, not carried: jsDelivr's documented
// /gh/<user>/<repo>@<version>/<file> form, without a version (the default
// branch), and GitHub's blob pages with ?raw=true.
TEST(RulesTest, GithubFilesBehindJsdelivrAndBlobPages) {
  std::string rule;
  EXPECT_EQ(Unwrap("https://cdn.jsdelivr.net/gh/jquery/jquery@3.6.0/dist/jquery.min.js", &rule),
            "https://raw.githubusercontent.com/jquery/jquery/3.6.0/dist/jquery.min.js");
  EXPECT_EQ(rule, "jsdelivr-github");
  EXPECT_EQ(Unwrap("https://fastly.jsdelivr.net/gh/hanhan3344/pic/note_pic/20230815220009.jpg"),
            "https://raw.githubusercontent.com/hanhan3344/pic/HEAD/note_pic/20230815220009.jpg");
  EXPECT_EQ(Unwrap("https://github.com/liaoxianfu/blogimg/blob/main/data/20221031173008.png?raw=true", &rule),
            "https://raw.githubusercontent.com/liaoxianfu/blogimg/main/data/20221031173008.png");
  EXPECT_EQ(rule, "github-blob");
  EXPECT_EQ(Unwrap("https://github.com/u/r/raw/v1/a.png"), "https://raw.githubusercontent.com/u/r/v1/a.png");
  // Not a file route: left alone.
  EXPECT_EQ(Unwrap("https://cdn.jsdelivr.net/npm/vue@3/dist/vue.js"), "<none>");
  EXPECT_EQ(Unwrap("https://github.com/u/r/issues/1"), "<none>");
  EXPECT_EQ(Unwrap("https://cdn.jsdelivr.net/gh/u"), "<none>");
}

TEST(RulesTest, UnrelatedHostsAndEmptyCarriersAreNotUnwrapped) {
  EXPECT_EQ(Unwrap("http://zkres2.myzaker.com/202207/a.jpg"), "<none>");
  EXPECT_EQ(Unwrap("https://cors.zfour.workers.dev/"), "<none>");
  EXPECT_EQ(Unwrap("https://images.weserv.nl/?w=3"), "<none>");
}

TEST(RulesTest, UserRulesParseAndApply) {
  auto rules = RuleSet::Parse(
      "rules:\n  - name: mine\n    hosts: ['*.proxy.test']\n    carrier: param\n"
      "    param: src\n    scheme: http\n",
      "my.yaml");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_EQ(rules->UnwrapOnce("https://a.proxy.test/get?src=o.com/x.png").value_or(""), "http://o.com/x.png");
}

TEST(RulesTest, BadRuleFilesNameTheLine) {
  auto bad_carrier = RuleSet::Parse("rules:\n  - name: x\n    hosts: [a.b]\n    carrier: magic\n", "r.yaml");
  ASSERT_FALSE(bad_carrier.ok());
  EXPECT_EQ(bad_carrier.status().message(),
            "r.yaml:4: rule 'x': carrier must be query, param, path, host-path, path-param, hex-path, github-route or "
            "github-blob");
  auto unknown_key =
      RuleSet::Parse("rules:\n  - name: x\n    hosts: [a.b]\n    carrier: query\n    hots: 1\n", "r.yaml");
  ASSERT_FALSE(unknown_key.ok());
  EXPECT_EQ(unknown_key.status().message(), "r.yaml:5: unknown rule key 'hots'");
  auto syntax = RuleSet::Parse("rules:\n  - name: [x\n", "r.yaml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().message().rfind("r.yaml:3: ", 0), 0u) << syntax.status().message();
  auto missing_param = RuleSet::Parse("rules:\n  - name: x\n    hosts: [a.b]\n    carrier: param\n", "r.yaml");
  ASSERT_FALSE(missing_param.ok());
  EXPECT_EQ(missing_param.status().message(), "r.yaml:2: rule 'x': carrier 'param' needs 'param'");
}

}  // namespace
}  // namespace rotproof
