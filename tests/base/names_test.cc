#include "rotproof/names.h"

#include <gtest/gtest.h>

namespace rotproof {
namespace {

TEST(NamesTest, SafeNamesKeepUnicodeAndRefuseWhatFileSystemsMisread) {
  for (const char* ok : {"photo.png", "测试图片.jpg", "café.gif", "a-b_c.webp", "x"})
    EXPECT_TRUE(IsSafeFileName(ok)) << ok;
  std::string long_name(255, 'a'), too_long(256, 'a');
  EXPECT_TRUE(IsSafeFileName(long_name));
  EXPECT_FALSE(IsSafeFileName(too_long));
  for (const char* bad : {"",        ".",        "..",   ".bashrc",   "a/b.png", "a\\b.png",    "a:b.png", "a?.png",
                          "a*.png",  "a|b",      "a\"b", "<a>",       "name.",   "name ",       "CON",     "con.png",
                          "Nul.txt", "COM1.jpg", "lpt9", "tab\there", "esc\x1b", "\xb2\xe2.png"})
    EXPECT_FALSE(IsSafeFileName(bad)) << bad;
  EXPECT_TRUE(IsSafeFileName("CONSOLE.png"));
  EXPECT_TRUE(IsSafeFileName("COM.png"));
}

TEST(NamesTest, KeysFoldCaseAndUnicodeNormalization) {
  EXPECT_EQ(FileNameKey("Photo.PNG"), FileNameKey("photo.png"));
  EXPECT_EQ(FileNameKey("caf\xc3\xa9.png"), FileNameKey("cafe\xcc\x81.png"));  // NFC é, NFD e + U+0301
  EXPECT_EQ(FileNameKey("STRASSE.jpg"), FileNameKey("stra\xc3\x9f"
                                                    "e.jpg"));       // ß folds to ss
  EXPECT_EQ(FileNameKey("\xef\xbc\xa1.png"), FileNameKey("a.png"));  // fullwidth A
  EXPECT_NE(FileNameKey("a.png"), FileNameKey("b.png"));
  EXPECT_NE(FileNameKey("测试.png"), FileNameKey("测验.png"));
}

}  // namespace
}  // namespace rotproof
