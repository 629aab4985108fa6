// tests/fixtures/malformed/: one defect per file (made by
// scripts/make-malformed-fixtures.py), with the exact verdict each must get
// in EXPECTED.tsv. No input may crash a tool or go unreported.
// tests/fixtures/interop/: archives other tools wrote (made by
// scripts/make-interop-fixtures.sh), each with its exact set of findings.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "archive_env.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;

struct Expectation {
  std::string file, tool;
  int exit_code = 0;
  std::vector<std::string> what;  // finding codes, or stderr text
};

std::vector<Expectation> ReadTable(const std::string& dir) {
  std::vector<Expectation> rows;
  std::istringstream in(ReadFile(Fixture(dir + "/EXPECTED.tsv")));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream cols(line);
    Expectation e;
    std::string code, what;
    std::getline(cols, e.file, '\t');
    std::getline(cols, e.tool, '\t');
    std::getline(cols, code, '\t');
    std::getline(cols, what);
    e.exit_code = std::stoi(code);
    if (e.tool == "verify") {
      std::istringstream codes(what);
      for (std::string c; std::getline(codes, c, ',');) e.what.push_back(c);
    } else if (!what.empty()) {
      e.what.push_back(what);
    }
    rows.push_back(e);
  }
  return rows;
}

TEST(MalformedTest, EveryFixtureGetsItsVerdict) {
  std::vector<Expectation> table = ReadTable("malformed");
  ASSERT_GE(table.size(), 40u);
  FakeOrigin origin;
  for (const Expectation& e : table) {
    SCOPED_TRACE(e.file);
    std::string path = Fixture("malformed/" + e.file);
    if (e.tool == "verify") {
      RunResult r = Verify(path, {"--json"});
      EXPECT_EQ(r.exit_code, e.exit_code) << r.out << r.err;
      auto report = nlohmann::json::parse(r.out, nullptr, false);
      ASSERT_TRUE(report.is_object()) << r.out << r.err;
      std::set<std::string> codes;
      for (const auto& f : report["archives"][0]["findings"]) codes.insert(f["code"].get<std::string>());
      for (const std::string& c : e.what) EXPECT_TRUE(codes.count(c)) << "missing " << c << " in " << r.out;
      if (e.exit_code == 0) {
        for (const std::string& c : codes) EXPECT_EQ(c[0], 'W') << c;
      }
    } else {
      std::string out = FreshDir("malformed-" + e.file);
      RunResult r = ArchiveWith(origin, {path}, out);
      EXPECT_EQ(r.exit_code, e.exit_code) << r.err;
      for (const std::string& text : e.what) EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
      if (e.exit_code == 0) {
        std::string wacz = out + "/" + e.file.substr(0, e.file.rfind('.')) + ".wacz";
        EXPECT_EQ(Verify(wacz).exit_code, 0) << wacz;
      }
    }
  }
}

// The exact findings, no more: a third-party archive that is fine must not
// collect errors for being written differently.
TEST(MalformedTest, EveryThirdPartyArchiveGetsItsVerdict) {
  std::vector<Expectation> table = ReadTable("interop");
  ASSERT_GE(table.size(), 10u);
  for (const Expectation& e : table) {
    SCOPED_TRACE(e.file);
    RunResult r = Verify(Fixture("interop/" + e.file), {"--json"});
    EXPECT_EQ(r.exit_code, e.exit_code) << r.out << r.err;
    auto report = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << r.out << r.err;
    std::set<std::string> codes;
    for (const auto& f : report["archives"][0]["findings"]) codes.insert(f["code"].get<std::string>());
    EXPECT_EQ(codes, std::set<std::string>(e.what.begin(), e.what.end())) << r.out;
  }
}

// A directory stands for every archive under it, verified on all cores and
// reported in name order, one JSON line each as it is done; --strict fails
// warnings too.
TEST(MalformedTest, ADirectoryStandsForEveryArchiveUnderIt) {
  std::vector<Expectation> table = ReadTable("interop");
  RunResult r = Verify(Fixture("interop"), {"--jsonl"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // the damaged ones
  std::istringstream lines(r.out);
  std::vector<std::string> archives;
  for (std::string line; std::getline(lines, line);) {
    auto entry = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(entry.is_object()) << line;
    archives.push_back(entry["archive"].get<std::string>());
  }
  ASSERT_EQ(archives.size(), table.size());
  EXPECT_TRUE(std::is_sorted(archives.begin(), archives.end()));
  RunResult lenient = Verify(Fixture("interop/wget-plain.warc"));
  EXPECT_EQ(lenient.exit_code, 0) << lenient.out;
  RunResult strict = Verify(Fixture("interop/wget-plain.warc"), {"--strict"});
  EXPECT_EQ(strict.exit_code, 1) << strict.out;
  EXPECT_NE(strict.out.find(": WARNINGS ("), std::string::npos) << strict.out;
}

// WACZ Signing's domain-identity form, as authsign signs
// (scripts/make-signed-fixtures.sh: the openssl command line as CA and
// time-stamp authority): trusted only with the fixture's root, and each
// broken part named.
TEST(MalformedTest, DomainIdentitySignatures) {
  std::string root = Fixture("signed/root.pem");
  auto codes = [](const RunResult& r) {
    std::set<std::string> out;
    auto report = nlohmann::json::parse(r.out, nullptr, false);
    for (const auto& f : report["archives"][0]["findings"]) out.insert(f["code"].get<std::string>());
    return out;
  };
  RunResult trusted =
      Verify(Fixture("signed/domain-signed.wacz"), {"--json", "--ca-file", root, "--require-signature"});
  EXPECT_EQ(trusted.exit_code, 0) << trusted.out;
  EXPECT_TRUE(codes(trusted).empty()) << trusted.out;
  // The system's roots do not include the fixture's.
  RunResult untrusted = Verify(Fixture("signed/domain-signed.wacz"), {"--json"});
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_EQ(codes(untrusted), (std::set<std::string>{"E-SIGNATURE-CHAIN", "E-SIGNATURE-TIMESTAMP"})) << untrusted.out;
  RunResult other = Verify(Fixture("signed/domain-signed-other-domain.wacz"), {"--json", "--ca-file", root});
  EXPECT_EQ(codes(other), std::set<std::string>{"E-SIGNATURE-DOMAIN"}) << other.out;
  RunResult unstamped = Verify(Fixture("signed/domain-signed-unstamped-signature.wacz"), {"--json", "--ca-file", root});
  EXPECT_EQ(codes(unstamped), (std::set<std::string>{"E-SIGNATURE", "E-SIGNATURE-TIMESTAMP"})) << unstamped.out;
}

}  // namespace
}  // namespace rotproof
