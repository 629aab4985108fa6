#include "rotproof/fs.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "run.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

TEST(FsTest, TempDirIsRemovedWithItsContents) {
  std::string parent = testing::FreshDir("fs-temp");
  std::string path;
  {
    auto t = TempDir::Create(parent);
    ASSERT_TRUE(t.ok());
    path = t->path();
    EXPECT_TRUE(IsTempName(fs::path(path).filename().string())) << path;
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

TEST(FsTest, TempNamesAreOnlyRotproofsOwn) {
  EXPECT_TRUE(IsTempName(".rotproof-tmp-0123456789abcdef"));
  EXPECT_TRUE(IsTempName(".rotproof-tmp-aB3xYz"));
  EXPECT_FALSE(IsTempName(".rotproof-sign.pem"));
  EXPECT_FALSE(IsTempName(".rotproof-journal.jsonl"));
  EXPECT_FALSE(IsTempName(".rotproof-tmp-notes.txt"));
}

// Beside a final name of 250 bytes (78 CJK characters), the temporary name
// stays short; a planted symlink is neither followed nor overwritten.
TEST(FsTest, PendingFilesAreShortUnpredictableAndExclusive) {
  std::string dir = testing::FreshDir("fs-pending");
  std::string name;
  for (int i = 0; i < 83; ++i) name += "\xe6\xb5\x8b";  // 测 × 83 = 249 bytes
  name += "x";
  std::string victim = dir + "/victim";
  testing::WriteFile(victim, "precious");
  auto a = PendingFile::Create(dir + "/" + name);
  auto b = PendingFile::Create(dir + "/" + name);
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().message();
  std::vector<std::string> temps;
  for (const auto& e : fs::directory_iterator(dir))
    if (IsTempName(e.path().filename().string())) temps.push_back(e.path().filename().string());
  ASSERT_EQ(temps.size(), 2u);
  EXPECT_NE(temps[0], temps[1]);
  std::fputs("new", a->file());
  ASSERT_TRUE(a->Commit().ok());
  EXPECT_EQ(testing::ReadFile(dir + "/" + name), "new");
  EXPECT_EQ(testing::ReadFile(victim), "precious");
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
