#include "rotproof/config.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(ConfigTest, MirrorsHostsAndPrivateRanges) {
  auto c = ParseConfig(R"(
mirrors:
  - "https://web.archive.org/web/{timestamp}im_/{url}"
hosts:
  - match: ["*.sinaimg.cn", "IMG.Example.com"]
    referer: https://weibo.com/
    headers: ["X-Test: 1"]
    delay_ms: 250
allow_private: ["10.0.0.0/8", "*.corp.example"]
)",
                       "c.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->mirrors.size(), 1u);
  ASSERT_EQ(c->hosts.size(), 1u);
  EXPECT_EQ(c->hosts[0].match[1], "img.example.com");  // hosts match without case
  EXPECT_EQ(c->hosts[0].referer, "https://weibo.com/");
  EXPECT_EQ(c->hosts[0].headers[0], "X-Test: 1");
  EXPECT_EQ(c->hosts[0].delay_ms, 250);
  EXPECT_EQ(c->allow_private.size(), 2u);
  EXPECT_TRUE(ParseConfig("", "empty.yaml").ok());
}

// Each mistake is one line naming the file and the line.
TEST(ConfigTest, MistakesNameTheFileAndLine) {
  struct Case {
    const char* yaml;
    const char* message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"mirrors: [\"https://m.test/\"]\n", "c.yaml:1: mirror 'https://m.test/' has no {url} placeholder"},
           {"colour: red\n", "c.yaml:1: unknown key 'colour'"},
           {"hosts:\n  - referer: x\n", "c.yaml:2: host entry needs 'match'"},
           {"hosts:\n  - match: [a.test]\n    delay_ms: -1\n", "c.yaml:3: delay_ms must be >= 0"},
           {"hosts:\n  - match: [a.test]\n    headers: [\"no colon\"]\n",
            "c.yaml:3: header 'no colon' is not 'Name: value'"},
           {"- a\n", "c.yaml:1: the config must be a mapping"},
       }) {
    auto parsed = ParseConfig(c.yaml, "c.yaml");
    ASSERT_FALSE(parsed.ok()) << c.yaml;
    EXPECT_EQ(parsed.status().message(), c.message);
    EXPECT_EQ(parsed.status().code(), Status::Code::kInvalidInput);
  }
  auto bad_range = ParseConfig("allow_private: [\"10.0.0.0/99\"]\n", "c.yaml");
  ASSERT_FALSE(bad_range.ok());
  EXPECT_EQ(bad_range.status().message().rfind("c.yaml:1: allow_private: ", 0), 0u) << bad_range.status().message();
  EXPECT_EQ(LoadConfig("/nonexistent/c.yaml").status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace rotproof
