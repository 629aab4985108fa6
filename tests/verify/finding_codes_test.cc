#include "finding_codes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "run.h"

namespace rotproof {
namespace {

std::string SourceRoot() { return std::string(ROTPROOF_FIXTURES) + "/../.."; }

// docs/verify-codes.md's table is the registry, row for row.
TEST(FindingCodesTest, TheDocumentIsTheRegistry) {
  std::string doc = testing::ReadFile(SourceRoot() + "/docs/verify-codes.md");
  size_t table = doc.find("| code | where | meaning |");
  ASSERT_NE(table, std::string::npos);
  EXPECT_EQ(doc.substr(table), FindingCodesTable()) << "regenerate it: build/rotproof-verify --codes";
}

// Every code a verifier source reports is registered, and every registered
// code is reported somewhere: no finding undocumented, no stale row.
TEST(FindingCodesTest, TheSourcesReportExactlyTheRegisteredCodes) {
  std::set<std::string> registered;
  for (const FindingCode& c : kFindingCodes) {
    EXPECT_TRUE(registered.insert(std::string(c.code)).second) << c.code << " twice";
    EXPECT_TRUE(c.code.starts_with("E-") || c.code.starts_with("W-")) << c.code;
  }
  std::set<std::string> reported;
  std::regex literal("\"([EW]-[A-Z0-9-]+)\"");
  for (const auto& entry : std::filesystem::directory_iterator(SourceRoot() + "/verify")) {
    if (entry.path().filename() == "finding_codes.h") continue;
    std::string text = testing::ReadFile(entry.path().string());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it)
      reported.insert((*it)[1].str());
  }
  EXPECT_EQ(reported, registered);
}

}  // namespace
}  // namespace rotproof
