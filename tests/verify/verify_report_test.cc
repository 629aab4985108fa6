#include "rotproof/verify_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rotproof {
namespace {

VerifyReport Defective() {
  VerifyReport r;
  r.archive = "a.wacz";
  r.records = 3;
  r.findings.push_back({"E-BLOCK-DIGEST", Severity::kError, "archive/data.warc.gz@0", "bad \x1b[31mred\r"});
  r.findings.push_back({"W-MISSING-ASSET", Severity::kWarning, "manifest reference 0", "dead"});
  return r;
}

// A finding's text comes from the archive: its control characters are
// escaped, never sent to the terminal.
TEST(VerifyReportTest, TextEscapesControlCharacters) {
  std::string text = FormatText(Defective(), {});
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_NE(text.find("a.wacz: DEFECTIVE"), std::string::npos) << text;
  EXPECT_NE(text.find("E-BLOCK-DIGEST"), std::string::npos);
}

TEST(VerifyReportTest, JsonListsEveryFindingWithItsSeverity) {
  auto j = nlohmann::json::parse(FormatJson({Defective()}, {}));
  const auto& a = j["archives"][0];
  EXPECT_EQ(a["archive"], "a.wacz");
  ASSERT_EQ(a["findings"].size(), 2u);
  EXPECT_EQ(a["findings"][0]["code"], "E-BLOCK-DIGEST");
  EXPECT_EQ(a["findings"][0]["message"], "bad \x1b[31mred\r");  // JSON escapes it itself
  EXPECT_EQ(a["findings"][1]["severity"], "warning");
}

}  // namespace
}  // namespace rotproof
