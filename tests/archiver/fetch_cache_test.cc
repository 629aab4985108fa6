#include "fetch_cache.h"

#include <gtest/gtest.h>

#include "fake_transport.h"
#include "run.h"

namespace rotproof {
namespace {

// A URL fetched once is not fetched again while it is kept.
TEST(FetchCacheTest, ReusesFetches) {
  testing::FakeTransport t(testing::FreshDir("fetch-cache"));
  t.Serve("http://o.test/1", "one");
  FetchCache cache(t);
  cache.FetchSome({"http://o.test/1", "http://o.test/2"}, 0, false);
  ASSERT_NE(cache.Find("http://o.test/1"), nullptr);
  EXPECT_TRUE(cache.Find("http://o.test/1")->ok);
  EXPECT_FALSE(cache.Find("http://o.test/2")->ok);  // a failure is kept too: not retried per article
  cache.FetchSome({"http://o.test/1", "http://o.test/3"}, 0, false);
  EXPECT_EQ(t.rounds().back(), std::vector<std::string>{"http://o.test/3"});
  EXPECT_EQ(cache.Find("http://o.test/4"), nullptr);
}

TEST(FetchCacheTest, EvictionKeepsPinnedFetches) {
  testing::FakeTransport t(testing::FreshDir("fetch-cache-pin"));
  FetchCache cache(t);
  std::vector<std::string> urls;
  // Many fetches whose heads and URLs alone fill the cache.
  std::string long_path(4096, 'p');
  for (int i = 0; i < 6000; ++i) urls.push_back("http://o.test/" + std::to_string(i) + "/" + long_path);
  for (size_t i = 0; i < urls.size(); i += 500)
    cache.FetchSome(std::vector<std::string>(urls.begin() + i, urls.begin() + i + 500), 0, false);
  ASSERT_TRUE(cache.Full());
  cache.Evict({urls[0]});
  EXPECT_FALSE(cache.Full());
  EXPECT_NE(cache.Find(urls[0]), nullptr);  // pinned: kept though oldest
  EXPECT_EQ(cache.Find(urls[1]), nullptr);
  EXPECT_NE(cache.Find(urls.back()), nullptr);  // newest: kept
}

}  // namespace
}  // namespace rotproof
