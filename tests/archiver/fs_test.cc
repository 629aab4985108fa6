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
