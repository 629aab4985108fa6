#include "rotproof/zip_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include "rotproof/archive_handles.h"
#include "run.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

TEST(ZipReaderTest, MissingAndNotZip) {
  std::string dir = testing::FreshDir("zip-reader");
  EXPECT_EQ(ReadZip(dir + "/none.wacz").status().code(), Status::Code::kNotFound);
  testing::WriteFile(dir + "/text.wacz", "plain text");
  auto text = ReadZip(dir + "/text.wacz");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message().rfind(dir + "/text.wacz: not a zip file", 0), 0u);
}

TEST(ZipReaderTest, LimitsAreReportedNotFatal) {
  std::string dir = testing::FreshDir("zip-limits");
  testing::WriteZip(dir + "/three.zip", {{"a.txt", "aaaa"}, {"b.txt", "bbbb"}, {"c.txt", "cccc"}});
  ZipLimits limits;
  limits.max_entries = 2;
  auto few = ReadZip(dir + "/three.zip", limits);
  ASSERT_TRUE(few.ok());
  EXPECT_EQ(few->entries.size(), 2u);
  ASSERT_EQ(few->issues.size(), 1u);
  EXPECT_EQ(few->issues[0].code, "E-ZIP-LIMIT");
  limits = ZipLimits();
  limits.max_total_bytes = 6;
  auto small = ReadZip(dir + "/three.zip", limits);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->entries.size(), 1u);
  EXPECT_EQ(small->issues[0].message,
            "uncompressed size exceeds 6 bytes or 1000:1 (a zip bomb?); the rest was not read");
}

TEST(ZipReaderTest, ZipBombIsStopped) {
  std::string dir = testing::FreshDir("zip-bomb");
  // 200 MiB of zeros deflates to ~200 KiB: a ratio no archive of images has.
  ArchiveWritePtr w(archive_write_new());
  archive_write_set_format_zip(w.get());
  archive_write_zip_set_compression_deflate(w.get());
  archive_write_open_filename(w.get(), (dir + "/bomb.zip").c_str());
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "archive/data.warc.gz");
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_size(e, 200 << 20);
  archive_write_header(w.get(), e);
  std::string zeros(1 << 20, '\0');
  for (int i = 0; i < 200; ++i) archive_write_data(w.get(), zeros.data(), zeros.size());
  archive_entry_free(e);
  archive_write_close(w.get());
  w.reset();
  auto r = ReadZip(dir + "/bomb.zip");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->issues.size(), 1u);
  EXPECT_EQ(r->issues[0].code, "E-ZIP-LIMIT");
  EXPECT_TRUE(r->entries.empty());
}

TEST(ZipReaderTest, CorruptEntryIsAnIssue) {
  std::string dir = testing::FreshDir("zip-corrupt");
  testing::WriteZip(dir + "/ok.zip", {{"a.txt", std::string(1000, 'a')}, {"b.txt", "bbbb"}});
  std::string bytes = testing::ReadFile(dir + "/ok.zip");
  size_t at = bytes.find(std::string(100, 'a'));  // stored: the data is visible
  ASSERT_NE(at, std::string::npos);
  bytes[at + 50] = 'Z';
  testing::WriteFile(dir + "/bad.zip", bytes);
  auto r = ReadZip(dir + "/bad.zip");
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->issues.empty());
  EXPECT_EQ(r->issues[0].code, "E-ZIP-ENTRY");
  EXPECT_NE(r->issues[0].message.find("'a.txt'"), std::string::npos) << r->issues[0].message;
}

}  // namespace
}  // namespace rotproof
