#include <gtest/gtest.h>

#include <filesystem>

#include "rotproof/fs.h"
#include "run.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

TEST(FsTest, TempDirIsRemovedWithItsContents) {
  std::string parent = testing::FreshDir("fs-temp");
  std::string path;
  {
    auto t = TempDir::Create(parent, "work");
    ASSERT_TRUE(t.ok());
    path = t->path();
    EXPECT_EQ(fs::path(path).filename().string().rfind(".work-", 0), 0u);
    testing::WriteFile(path + "/file", "x");
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(FsTest, AtomicWriteLeavesOnlyTheFinalFile) {
  std::string dir = testing::FreshDir("fs-atomic");
  ASSERT_TRUE(WriteFileAtomic(dir + "/out.json", "{}").ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/out.json", "[1]").ok());
  EXPECT_EQ(testing::ReadFile(dir + "/out.json"), "[1]");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  Status bad = WriteFileAtomic(dir + "/missing/out.json", "x");
  EXPECT_EQ(bad.code(), Status::Code::kIoError);
  EXPECT_EQ(bad.message().rfind(dir + "/missing/out.json: cannot create: ", 0), 0u) << bad.message();
}

TEST(FsTest, SpillBufferKeepsSmallContentsInMemoryAndSpillsLargeOnesNamelessly) {
  std::string dir = testing::FreshDir("fs-spill");
  for (size_t limit : {size_t{1000}, size_t{10}}) {
    SpillBuffer b(dir, limit);
    std::string expected;
    for (int i = 0; i < 5; ++i) {
      std::string piece = "piece" + std::to_string(i);
      ASSERT_TRUE(b.Append(piece.data(), piece.size()).ok());
      expected += piece;
    }
    EXPECT_EQ(b.size(), expected.size());
    EXPECT_EQ(testing::ReadAll(b), expected) << limit;
    ASSERT_TRUE(b.Append("!", 1).ok());  // appending after a read back goes on at the end
    EXPECT_EQ(testing::ReadAll(b), expected + "!") << limit;
    EXPECT_TRUE(fs::is_empty(dir)) << "the spill file has no name";
  }
  SpillBuffer nowhere(dir + "/missing", 1);
  Status bad = nowhere.Append("ab", 2);
  EXPECT_EQ(bad.code(), Status::Code::kIoError);
  EXPECT_EQ(bad.message().rfind(dir + "/missing: cannot create a temporary file", 0), 0u) << bad.message();
}

TEST(FsTest, AtomicWriteOfASpilledBuffer) {
  std::string dir = testing::FreshDir("fs-atomic-spill");
  SpillBuffer b(dir, 4);
  ASSERT_TRUE(b.Append("0123456789", 10).ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/out", b).ok());
  EXPECT_EQ(testing::ReadFile(dir + "/out"), "0123456789");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(FsTest, TempNamesAreHiddenUniqueAndBesideTheTarget) {
  std::string a = TempNameFor("/x/y/out.wacz");
  std::string b = TempNameFor("/x/y/out.wacz");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("/x/y/.rotproof-out.wacz.", 0), 0u) << a;
}

TEST(FsTest, RenameIntoReportsAndCleansUp) {
  std::string dir = testing::FreshDir("fs-rename");
  fs::create_directories(dir + "/src");
  testing::WriteFile(dir + "/src/f", "x");
  Status bad = RenameInto(dir + "/src", dir + "/no/such/dir/dst");
  EXPECT_FALSE(bad.ok());
  EXPECT_FALSE(fs::exists(dir + "/src"));  // nothing half-done is left
}

}  // namespace
}  // namespace rotproof
