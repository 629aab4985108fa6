#include "held_records.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

ScannedRecord Record(const std::string& warc, uint64_t offset, std::string block) {
  ScannedRecord r;
  r.warc = warc;
  r.header.offset = offset;
  r.header.fields = {{"WARC-Type", "resource"}};
  r.header.block = std::move(block);
  return r;
}

// An article's records are read back together (the rewrite check compares
// its text with its rewrite), then let go before the next article's.
TEST(HeldRecordsTest, BlocksComeBackFromDiskTogetherUntilReleased) {
  HeldRecords held;
  const std::string big(3 << 20, 'x');
  held.Keep({"a.warc", 0}, Record("a.warc", 0, "original text"));
  held.Keep({"a.warc", 100}, Record("a.warc", 100, big));
  held.Keep({"b.warc", 0}, Record("b.warc", 0, ""));
  const ScannedRecord* original = held.Load({"a.warc", 0});
  const ScannedRecord* rewrite = held.Load({"a.warc", 100});
  ASSERT_NE(original, nullptr);
  ASSERT_NE(rewrite, nullptr);
  EXPECT_EQ(original->header.block, "original text");  // still there after the second load
  EXPECT_EQ(rewrite->header.block, big);
  EXPECT_EQ(rewrite->header.Field("WARC-Type"), "resource");
  EXPECT_EQ(held.Load({"a.warc", 0}), original);
  ASSERT_NE(held.Load({"b.warc", 0}), nullptr);
  EXPECT_EQ(held.Load({"b.warc", 0})->header.block, "");
  held.Release();
  EXPECT_EQ(original->header.block.capacity() < 1024, true);  // the memory let go
  EXPECT_EQ(held.Load({"a.warc", 100})->header.block, big);   // and read again on demand
  EXPECT_EQ(held.Load({"a.warc", 7}), nullptr);
}

TEST(HeldRecordsTest, ADroppedWarcsRecordsAreForgotten) {
  HeldRecords held;
  held.Keep({"a.warc", 0}, Record("a.warc", 0, "a"));
  held.Keep({"b.warc", 0}, Record("b.warc", 0, "b"));
  held.DropWarc("a.warc");
  EXPECT_EQ(held.Load({"a.warc", 0}), nullptr);
  ASSERT_NE(held.Load({"b.warc", 0}), nullptr);
  EXPECT_EQ(held.Load({"b.warc", 0})->header.block, "b");
}

}  // namespace
}  // namespace rotproof
