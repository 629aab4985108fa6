#include "rotproof/wacz.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(PackTest, SurtKeys) {
  EXPECT_EQ(SurtKey("http://zkres2.myzaker.com/202208/A.jpg"), "com,myzaker,zkres2)/202208/a.jpg");
  EXPECT_EQ(SurtKey("https://www.example.org/"), "org,example)/");
  EXPECT_EQ(SurtKey("https://example.org"), "org,example)/");
  EXPECT_EQ(SurtKey("http://example.org:8080/x?B=1"), "org,example:8080)/x?b=1");
  EXPECT_EQ(SurtKey("http://example.org:80/x"), "org,example)/x");
  EXPECT_EQ(SurtKey("urn:rotproof:original:x"), "urn:rotproof:original:x");
}

}  // namespace
}  // namespace rotproof
