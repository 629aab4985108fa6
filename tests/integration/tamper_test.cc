// Damage and forgery: each is caught by rotproof-verify with exit 1 and a
// finding that names what is wrong.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "archive_env.h"
#include "rotproof/digest.h"
#include "zip_edit.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;

class TamperTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    FakeOrigin origin;
    dir_ = new std::string(FreshDir("tamper"));
    RunResult r = ArchiveWith(origin, {Fixture("posts/000-zaker-hunan-consumer-stations.md")}, *dir_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string Good() { return *dir_ + "/000-zaker-hunan-consumer-stations.wacz"; }
  std::string Out(const std::string& name) { return *dir_ + "/" + name + ".wacz"; }

  // Rewrites the WARC inside the archive.
  std::string EditRecords(const std::string& name, const std::function<bool(size_t, std::string*)>& edit, bool reseal) {
    std::string edited = Out(name + "-raw");
    EditZip(Good(), edited, [&](const std::string& entry, std::string* data) {
      if (entry == "archive/data.warc.gz") *data = EditWarcGz(*data, edit);
      return true;
    });
    if (!reseal) return edited;
    Reseal(edited, Out(name));
    return Out(name);
  }

  static bool IsFirstResponse(const std::string& record) {
    return record.find("WARC-Type: response\r\n") != std::string::npos &&
           record.find("630f28b98e9f091bfa7f620f") != std::string::npos;
  }

  static std::string* dir_;
};
std::string* TamperTest::dir_ = nullptr;

TEST_F(TamperTest, UntouchedArchiveIsIntact) {
  RunResult r = Verify(Good());
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(TamperTest, FlippedPayloadByte) {
  std::string bad = EditRecords(
      "flip",
      [](size_t, std::string* rec) {
        if (IsFirstResponse(*rec)) (*rec)[rec->size() - 10] ^= 0x01;
        return true;
      },
      /*reseal=*/false);
  RunResult r = Verify(bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(": DEFECTIVE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("E-RESOURCE-HASH archive/data.warc.gz: hash in datapackage.json is"), std::string::npos);
  EXPECT_NE(r.out.find("E-BLOCK-DIGEST archive/data.warc.gz@"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("E-PAYLOAD-DIGEST archive/data.warc.gz@"), std::string::npos) << r.out;
}

TEST_F(TamperTest, RestoreRefusesDamageAndForceRestoresWhatIsIntact) {
  std::string bad = EditRecords(
      "flip-restore",
      [](size_t, std::string* rec) {
        if (IsFirstResponse(*rec)) (*rec)[rec->size() - 10] ^= 0x01;
        return true;
      },
      /*reseal=*/false);
  std::string out = *dir_ + "/restore-flip";
  RunResult refused = RunProgram({Bin("rotproof"), "restore", bad, "-o", out});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("verification failed"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(out + "/000-zaker-hunan-consumer-stations"));

  RunResult forced = RunProgram({Bin("rotproof"), "restore", bad, "-o", out, "--force"});
  EXPECT_EQ(forced.exit_code, 1);
  EXPECT_NE(forced.err.find("rotproof: skipped: assets/630f28b98e9f091bfa7f620f_1024.png does not match its digest"),
            std::string::npos)
      << forced.err;
  std::string dir = out + "/000-zaker-hunan-consumer-stations";
  EXPECT_TRUE(std::filesystem::exists(dir + "/index.md"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/assets/630f28b98e9f091bfa7f620f_1024.png"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/assets/630f28b98e9f091bfa7f6210_1024.png"));
}

TEST_F(TamperTest, NamesThatCollideCaseInsensitivelyAreNotBothWritten) {
  std::string bad = EditRecords(
      "collide",
      [](size_t, std::string* rec) {
        if (rec->find("urn:rotproof:manifest:") == std::string::npos) return true;
        ReplaceAll(rec, "assets/630f28b98e9f091bfa7f6210_1024.png", "assets/630F28B98E9F091BFA7F620F_1024.PNG");
        RefreshRecord(rec);
        return true;
      },
      /*reseal=*/true);
  RunResult forced = RunProgram({Bin("rotproof"), "restore", bad, "-o", *dir_ + "/restore-collide", "--force"});
  EXPECT_EQ(forced.exit_code, 1);
  EXPECT_NE(forced.err.find("'630F28B98E9F091BFA7F620F_1024.PNG' collides with '630f28b98e9f091bfa7f620f_1024.png'"),
            std::string::npos)
      << forced.err;
  std::string assets = *dir_ + "/restore-collide/000-zaker-hunan-consumer-stations/assets";
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(assets), std::filesystem::directory_iterator()), 1);
}

TEST_F(TamperTest, ForgerWhoRecomputesEveryRecordDigestIsCaughtByTheManifest) {
  std::string bad = EditRecords(
      "forged",
      [](size_t, std::string* rec) {
        if (!IsFirstResponse(*rec)) return true;
        (*rec)[rec->size() - 10] ^= 0x01;
        RefreshRecord(rec);
        size_t body = rec->find("\r\n\r\n", rec->find("\r\n\r\n") + 4) + 4;
        std::string payload = rec->substr(body, rec->size() - body - 4);
        SetField(rec, "WARC-Payload-Digest", Sha256Digest(payload));
        return true;
      },
      /*reseal=*/true);
  RunResult r = Verify(bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-MANIFEST-DIGEST manifest reference"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stored body hashes to"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("E-BLOCK-DIGEST"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("E-RESOURCE-HASH"), std::string::npos) << r.out;
}

TEST_F(TamperTest, FastModeChecksCompletenessWithoutHashing) {
  // A wrong hash is fixity, not completeness. (A flipped WARC byte would do
  // too, but recompressing its gzip member can change sizes, which --fast
  // rightly checks.)
  std::string flipped = Out("fast-hash");
  EditZip(Good(), flipped, [](const std::string& name, std::string* data) {
    if (name == "datapackage.json") {
      size_t at = data->find("\"hash\": \"sha256:") + 16;
      (*data)[at] = (*data)[at] == '0' ? '1' : '0';
    }
    return true;
  });
  std::string dropped = EditRecords(
      "fast-drop", [](size_t, std::string* rec) { return !IsFirstResponse(*rec); },
      /*reseal=*/true);
  EXPECT_EQ(Verify(flipped, {"--fast"}).exit_code, 0);
  EXPECT_EQ(Verify(flipped).exit_code, 1);
  RunResult missing = Verify(dropped, {"--fast"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("E-MANIFEST-RECORD"), std::string::npos) << missing.out;
  // Several archives at once, reported in the order given.
  RunResult both = Verify(Good(), {flipped, "-j", "2"});
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_LT(both.out.find(Good() + ": OK"), both.out.find(flipped + ": DEFECTIVE")) << both.out;
}

TEST_F(TamperTest, DroppedRecord) {
  std::string bad = EditRecords(
      "drop", [](size_t, std::string* rec) { return !IsFirstResponse(*rec); },
      /*reseal=*/true);
  RunResult r = Verify(bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-MANIFEST-RECORD manifest reference 0: fm:headimg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("is not in the WARC"), std::string::npos);
  EXPECT_NE(r.out.find("E-CDXJ-OFFSET indexes/index.cdxj:"), std::string::npos) << r.out;
}

TEST_F(TamperTest, EditedManifest) {
  std::string bad = EditRecords(
      "manifest",
      [](size_t, std::string* rec) {
        if (rec->find("urn:rotproof:manifest:") == std::string::npos) return true;
        const std::string key = "\"local_path\":\"assets/";
        size_t at = rec->find(key);
        if (at == std::string::npos)
          ADD_FAILURE() << "no local_path in the manifest";
        else
          rec->insert(at + key.size(), "evil-");
        RefreshRecord(rec);
        return true;
      },
      /*reseal=*/true);
  RunResult r = Verify(bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-REWRITE-MISMATCH manifest: the rewritten article is not the original with "
                       "the manifest's local paths spliced in"),
            std::string::npos)
      << r.out;
}

// A manifest may insert Robust Links attributes and nothing else: markup
// smuggled in as one is named.
TEST_F(TamperTest, ManifestSmugglingMarkupAsRobustLinks) {
  std::string bad = EditRecords(
      "smuggle",
      [](size_t, std::string* rec) {
        if (rec->find("urn:rotproof:manifest:") == std::string::npos) return true;
        if (rec->find("\"other_rewrites\":[]") == std::string::npos) ADD_FAILURE() << "no other_rewrites";
        ReplaceAll(rec, "\"other_rewrites\":[]",
                   "\"other_rewrites\":[{\"where\":\"robust-links\",\"span\":[0,0],"
                   "\"text\":\" data-originalurl=\\\"x\\\"><script>go()</script>\"}]");
        RefreshRecord(rec);
        return true;
      },
      /*reseal=*/true);
  RunResult r = Verify(bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-MANIFEST-JSON manifest: other_rewrites may only make a <base href> \"./\" or insert "
                       "Robust Links attributes"),
            std::string::npos)
      << r.out;
}

// Verify and restore judge names by one policy: whatever restore would
// refuse, verify reports.
TEST_F(TamperTest, VerifyAndRestoreAgreeOnUnsafeNames) {
  const std::pair<const char*, const char*> cases[] = {
      {"dot", "assets/.bashrc"}, {"hidden-dir", "assets/."}, {"device", "assets/CON.png"}, {"long", nullptr}};
  for (const auto& [name, path] : cases) {
    SCOPED_TRACE(name);
    std::string local = path != nullptr ? path : "assets/" + std::string(300, 'a') + ".png";
    std::string bad = EditRecords(
        std::string("names-") + name,
        [&local](size_t, std::string* rec) {
          if (rec->find("urn:rotproof:manifest:") == std::string::npos) return true;
          size_t at = rec->find("\"local_path\":\"");
          size_t end = rec->find('"', at + 14);
          rec->replace(at + 14, end - at - 14, local);
          RefreshRecord(rec);
          return true;
        },
        /*reseal=*/true);
    RunResult r = Verify(bad);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("E-LOCAL-PATH manifest reference 0: fm:headimg"), std::string::npos) << r.out;
    RunResult forced = RunProgram({Bin("rotproof"), "restore", bad, "-o", *dir_ + "/names-" + name, "--force"});
    EXPECT_NE(forced.err.find("skipped: unsafe asset path '" + local + "'"), std::string::npos) << forced.err;
  }
}

TEST_F(TamperTest, ManifestPointingOutsideTheArticleDirectory) {
  std::string bad = EditRecords(
      "escape",
      [](size_t, std::string* rec) {
        if (rec->find("urn:rotproof:manifest:") == std::string::npos) return true;
        ReplaceAll(rec, "\"local_path\":\"assets/", "\"local_path\":\"assets/../../");
        RefreshRecord(rec);
        return true;
      },
      /*reseal=*/true);
  RunResult r = Verify(bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-LOCAL-PATH manifest reference 0: fm:headimg"), std::string::npos) << r.out;
  RunResult restore = RunProgram({Bin("rotproof"), "restore", bad, "-o", *dir_ + "/escape-restored"});
  EXPECT_EQ(restore.exit_code, 1);
  EXPECT_NE(restore.err.find("verification failed"), std::string::npos) << restore.err;
  EXPECT_FALSE(std::filesystem::exists(*dir_ + "/escape-restored/000-zaker-hunan-consumer-stations"));
  // Even forced, nothing lands outside the target.
  RunResult forced = RunProgram({Bin("rotproof"), "restore", bad, "-o", *dir_ + "/escape-restored", "--force"});
  EXPECT_EQ(forced.exit_code, 1);
  EXPECT_NE(forced.err.find("skipped: unsafe asset path 'assets/../../"), std::string::npos) << forced.err;
  for (const auto& e : std::filesystem::recursive_directory_iterator(*dir_ + "/escape-restored"))
    EXPECT_EQ(e.path().string().rfind(*dir_ + "/escape-restored/000-zaker-hunan-consumer-stations", 0), 0u) << e.path();
}

TEST_F(TamperTest, EditedDatapackage) {
  EditZip(Good(), Out("datapackage"), [](const std::string& name, std::string* data) {
    if (name == "datapackage.json") {
      size_t at = data->find("\"hash\": \"sha256:") + 16;
      (*data)[at] = (*data)[at] == '0' ? '1' : '0';
    }
    return true;
  });
  RunResult r = Verify(Out("datapackage"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-RESOURCE-HASH archive/data.warc.gz"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("E-DATAPACKAGE-DIGEST datapackage-digest.json"), std::string::npos) << r.out;
}

TEST_F(TamperTest, ExtraUnlistedFile) {
  EditZip(Good(), Out("extra"), [](const std::string& name, std::string* data) {
    if (name == "pages/pages.jsonl") {
      *data += "{\"url\": \"x\"}\n";
    }
    return true;
  });
  RunResult r = Verify(Out("extra"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E-PAGES pages/pages.jsonl:3: page needs url and ts"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("E-RESOURCE-HASH pages/pages.jsonl"), std::string::npos) << r.out;
}

TEST_F(TamperTest, JsonReportListsEveryFinding) {
  std::string bad = EditRecords(
      "json", [](size_t, std::string* rec) { return !IsFirstResponse(*rec); },
      /*reseal=*/false);
  RunResult r = Verify(bad, {"--json"});
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  const auto& a = j["archives"][0];
  EXPECT_EQ(a["verdict"], "DEFECTIVE");
  EXPECT_EQ(a["exit_code"], 1);
  EXPECT_GE(a["findings"].size(), 3u);
}

}  // namespace
}  // namespace rotproof
