// WACZ anonymous signatures: made with rotproof keygen + --sign-key,
// checked by rotproof-verify --pubkey / --require-signature, and forgeries
// that recompute every hash are still rejected.

#include <gtest/gtest.h>

#include "archive_env.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;

class SignTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(FreshDir("sign"));
    ASSERT_EQ(RunProgram({Bin("rotproof"), "keygen", "-o", *dir_ + "/key.pem"}).exit_code, 0);
    ASSERT_EQ(RunProgram({Bin("rotproof"), "keygen", "-o", *dir_ + "/forger.pem"}).exit_code, 0);
    FakeOrigin origin;
    RunResult r = ArchiveWith(origin, {Fixture("posts/001-zaker-amd-pan-tiny.md")}, *dir_ + "/signed",
                              {"--sign-key", *dir_ + "/key.pem"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = ArchiveWith(origin, {Fixture("posts/001-zaker-amd-pan-tiny.md")}, *dir_ + "/unsigned");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string Signed() { return *dir_ + "/signed/001-zaker-amd-pan-tiny.wacz"; }
  static std::string Pub() { return *dir_ + "/key.pub.pem"; }
  RunResult Strict(const std::string& wacz) { return Verify(wacz, {"--require-signature", "--pubkey", Pub()}); }
  // The signed archive with one payload byte flipped, then resealed.
  std::string Forge(const std::string& name, bool keep_signature, const std::string& key = "") {
    std::string raw = *dir_ + "/" + name + "-raw.wacz", out = *dir_ + "/" + name + ".wacz";
    EditZip(Signed(), raw, [](const std::string& entry, std::string* data) {
      if (entry == "archive/data.warc.gz")
        *data = EditWarcGz(*data, [](size_t, std::string* rec) {
          if (rec->find("WARC-Type: response") != std::string::npos) (*rec)[rec->size() - 10] ^= 1;
          return true;
        });
      return true;
    });
    Reseal(raw, out, keep_signature, key);
    return out;
  }
  static std::string* dir_;
};
std::string* SignTest::dir_ = nullptr;

TEST_F(SignTest, SignedArchiveVerifiesWithItsKey) {
  RunResult r = Strict(Signed());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  auto zip = ReadZip(Signed());
  ASSERT_TRUE(zip.ok());
  for (const ZipEntry& e : zip->entries) {
    if (e.name != "datapackage-digest.json") continue;
    auto j = nlohmann::json::parse(e.data);
    EXPECT_EQ(j["signedData"]["hash"], j["hash"]);
    EXPECT_EQ(j["signedData"]["signature"].get<std::string>().size(), 128u);  // base64 of 96 bytes
  }
}

TEST_F(SignTest, UnsignedArchiveFailsWhenASignatureIsRequired) {
  std::string unsigned_wacz = *dir_ + "/unsigned/001-zaker-amd-pan-tiny.wacz";
  EXPECT_EQ(Verify(unsigned_wacz).exit_code, 0);
  RunResult r = Strict(unsigned_wacz);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-MISSING datapackage-digest.json: the archive is not signed"), std::string::npos)
      << r.out;
}

TEST_F(SignTest, ForgeryKeepingTheOldSignatureIsCaught) {
  RunResult r = Strict(Forge("kept", /*keep_signature=*/true));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-HASH"), std::string::npos) << r.out;
}

TEST_F(SignTest, ForgeryStrippingTheSignatureIsCaught) {
  RunResult r = Strict(Forge("stripped", /*keep_signature=*/false));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-MISSING"), std::string::npos) << r.out;
}

TEST_F(SignTest, ForgeryResignedWithAnotherKeyIsCaught) {
  std::string forged = Forge("resigned", false, *dir_ + "/forger.pem");
  RunResult r = Strict(forged);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-KEY datapackage-digest.json: signed with another key than"), std::string::npos)
      << r.out;
  // Everything else about the forgery checks out except the manifest's digests.
  EXPECT_EQ(r.out.find("E-SIGNATURE "), std::string::npos) << r.out;
}

TEST_F(SignTest, CorruptSignatureIsCaught) {
  std::string out = *dir_ + "/corrupt.wacz";
  EditZip(Signed(), out, [](const std::string& name, std::string* data) {
    if (name == "datapackage-digest.json") {
      size_t at = data->find("\"signature\": \"") + 14;
      (*data)[at] = (*data)[at] == 'A' ? 'B' : 'A';
    }
    return true;
  });
  RunResult r = Strict(out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE datapackage-digest.json: the signature does not verify"), std::string::npos)
      << r.out;
}

// Signature checks cost two small hashes: --fast must not skip them.
TEST_F(SignTest, FastModeStillChecksTheSignature) {
  std::string unsigned_wacz = *dir_ + "/unsigned/001-zaker-amd-pan-tiny.wacz";
  EXPECT_EQ(Verify(Signed(), {"--fast", "--pubkey", Pub()}).exit_code, 0);
  RunResult r = Verify(Forge("fast-resigned", false, *dir_ + "/forger.pem"), {"--fast", "--pubkey", Pub()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-KEY"), std::string::npos) << r.out;
  r = Verify(unsigned_wacz, {"--fast", "--require-signature"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-MISSING"), std::string::npos) << r.out;
  r = Verify(Forge("fast-kept", true), {"--fast", "--pubkey", Pub()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-HASH"), std::string::npos) << r.out;
}

TEST_F(SignTest, PinnedKeyRequiresASignature) {
  RunResult r = Verify(*dir_ + "/unsigned/001-zaker-amd-pan-tiny.wacz", {"--pubkey", Pub()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-MISSING"), std::string::npos) << r.out;
  r = Verify(Forge("pinned-stripped", false), {"--pubkey", Pub()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-SIGNATURE-MISSING"), std::string::npos) << r.out;
}

TEST_F(SignTest, UnreadablePublicKeyIsAUsageError) {
  RunResult r = Verify(Signed(), {"--pubkey", *dir_ + "/nosuch.pub.pem"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "rotproof-verify: " + *dir_ + "/nosuch.pub.pem: cannot read a PEM public key\n");
  EXPECT_EQ(r.out, "");
}

// "====" once made the base64 padding arithmetic underflow (std::length_error).
TEST_F(SignTest, PaddingOnlyBase64IsAFindingNotACrash) {
  for (const char* field : {"signature", "publicKey"}) {
    std::string out = *dir_ + "/padding-" + field + ".wacz";
    EditZip(Signed(), out, [field](const std::string& name, std::string* data) {
      if (name == "datapackage-digest.json") {
        auto j = nlohmann::json::parse(*data);
        j["signedData"][field] = "====";
        *data = j.dump();
      }
      return true;
    });
    RunResult r = Verify(out);
    EXPECT_EQ(r.exit_code, 1) << field << r.err;
    EXPECT_NE(r.out.find("E-SIGNATURE datapackage-digest.json: signedData needs a base64 publicKey"), std::string::npos)
        << r.out;
  }
}

TEST_F(SignTest, KeyThatIsNotP384IsRefusedBeforeFetching) {
  std::string pem = *dir_ + "/not-a-key.pem";
  WriteFile(pem, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  FakeOrigin origin;
  RunResult r =
      ArchiveWith(origin, {Fixture("posts/001-zaker-amd-pan-tiny.md")}, *dir_ + "/bad-key", {"--sign-key", pem});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "rotproof: " + pem + ": not an EC P-384 private key (make one with rotproof keygen)\n");
  EXPECT_EQ(origin.RequestCount("http://zkres2.myzaker.com/202201/61f7e468b15ec04b714d9a4a_1024.jpg"), 0);
}

TEST_F(SignTest, KeygenRefusesToOverwrite) {
  RunResult r = RunProgram({Bin("rotproof"), "keygen", "-o", *dir_ + "/key.pem"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "rotproof: " + *dir_ + "/key.pem: already exists\n");
}

}  // namespace
}  // namespace rotproof
