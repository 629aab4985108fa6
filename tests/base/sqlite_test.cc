#include "rotproof/sqlite.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(SqliteTest, BindsAndReadsTextNullAndFull64BitNumbers) {
  auto db = SqliteDb::Open("");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t (a TEXT, b TEXT, n INTEGER)").ok());
  SqliteStatement insert = db->Prepare("INSERT INTO t VALUES (?, ?, ?)");
  std::string with_nul("a\0b", 3);
  insert.Reset().Bind(1, with_nul).BindNullable(2, std::nullopt).Bind(3, ~uint64_t{0}).Step();
  insert.Reset().Bind(1, "").BindNullable(2, std::optional<std::string>("")).Bind(3, uint64_t{7}).Step();
  SqliteStatement select = db->Prepare("SELECT a, b, n FROM t ORDER BY rowid");
  ASSERT_TRUE(select.Step());
  EXPECT_EQ(select.Text(0), with_nul);
  EXPECT_EQ(select.OptionalText(1), std::nullopt);
  EXPECT_EQ(select.Number(2), ~uint64_t{0});
  ASSERT_TRUE(select.Step());
  EXPECT_EQ(select.OptionalText(1), std::optional<std::string>(""));
  EXPECT_FALSE(select.Step());
  EXPECT_TRUE(db->status().ok());
}

// As a LevelDB iterator's status(): the first error stays, and a statement
// that failed to prepare yields nothing instead of crashing.
TEST(SqliteTest, FirstErrorIsStickyAndNamesTheDatabase) {
  auto db = SqliteDb::Open("");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t (a TEXT PRIMARY KEY)").ok());
  SqliteStatement insert = db->Prepare("INSERT INTO t VALUES (?)");
  EXPECT_TRUE(insert.Reset().Bind(1, "x").Step() == false && db->status().ok());
  EXPECT_FALSE(insert.Reset().Bind(1, "x").Step());  // a duplicate key
  ASSERT_FALSE(db->status().ok());
  std::string first = db->status().message();
  EXPECT_NE(first.find("temporary database"), std::string::npos);
  EXPECT_NE(first.find("UNIQUE"), std::string::npos) << first;
  SqliteStatement broken = db->Prepare("SELECT nonsense FROM nowhere");
  EXPECT_FALSE(broken.Reset().Bind(1, "x").Step());
  EXPECT_EQ(db->status().message(), first);
}

TEST(SqliteTest, UnopenablePathIsIoErrorNamingIt) {
  auto db = SqliteDb::Open("/nonexistent-dir/x.sqlite");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), Status::Code::kIoError);
  EXPECT_NE(db.status().message().find("/nonexistent-dir/x.sqlite"), std::string::npos);
}

}  // namespace
}  // namespace rotproof
