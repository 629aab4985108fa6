#include <algorithm>
#include <regex>

#include "audit_context.h"
#include "rotproof/json_number.h"
#include "rotproof/names.h"

namespace rotproof {
namespace {

// The verifier keeps its own reading of the manifest (it shares no code with
// the writer it checks).
struct Splice {
  uint64_t begin, end;
  std::string text;
};

// What a manifest may change besides its references (warc_format.h): each
// form is checked whole, so a manifest cannot smuggle markup into the
// rewritten article.
bool IsAllowedRewrite(const std::string& where, const Splice& splice) {
  if (where == warc_format::kBaseHrefRewrite) return splice.text == "./";
  static const std::regex kRobustLinks(R"( data-originalurl="[^"<>]*" data-versiondate="\d{4}-\d{2}-\d{2}")");
  return where == warc_format::kRobustLinksRewrite && splice.begin == splice.end &&
         std::regex_match(splice.text, kRobustLinks);
}

using nlohmann::json;

class ManifestAuditor {
 public:
  // `one_of_many`: the archive is a package of several articles, each
  // manifest named by its article in findings.
  ManifestAuditor(AuditContext* context, VerifyReport* report, bool one_of_many)
      : c_(*context), r_(report), one_of_many_(one_of_many) {}

  void Run(const RecordPlace& manifest) {
    const ScannedRecord* held = c_.held.Load(manifest);
    if (held == nullptr) {
      Error("E-MANIFEST-JSON", c_.At(manifest), "manifest is larger than 64 MiB");
      return;
    }
    r_->rotproof_profile = true;
    json m = json::parse(held->header.block, nullptr, false);
    if (!m.is_object() || !m.contains("article") || !m["references"].is_array()) {
      Error("E-MANIFEST-JSON", c_.At(manifest), "manifest is not the expected JSON");
      return;
    }
    if (one_of_many_) label_ = "manifest of " + m["article"].value("slug", c_.At(manifest));
    CheckArticle(m);
  }

 private:
  void Error(const std::string& code, const std::string& where, const std::string& message) {
    AuditContext::Add(&r_->findings, Severity::kError, code, where, message);
  }

  // The manifest's article record must be the record it names, with the
  // digest it names. Returns that record, when its bytes were kept for the
  // rewrite check, or nullptr.
  const WarcRecordView* ArticleRecord(const json& part, const std::string& what) {
    std::string id = part.value("record_id", "");
    std::optional<IndexedRecord> rec = c_.index.FindById(id);
    if (!rec) {
      Error("E-MANIFEST-RECORD", label_, what + " record " + id + " is not in the WARC");
      return nullptr;
    }
    if (!c_.options.fast && rec->payload_digest != part.value("digest", ""))
      Error("E-MANIFEST-DIGEST", label_, what + " record " + id + " does not match the manifest's digest");
    const ScannedRecord* held = c_.Held(*rec);
    if (held == nullptr) {
      Error("E-MANIFEST-RECORD", label_,
            what + " record " + id +
                " is not a urn:rotproof: record of at most 64 MiB; "
                "the rewrite cannot be checked");
      return nullptr;
    }
    return &held->header;
  }

  // Checks one manifest entry; returns true when it is archived (and then
  // its record, digest, size and local path have been checked).
  bool CheckEntry(const json& ref, const std::string& where) {
    std::string label = ref.value("where", "") + " " + ref.value("url", "");
    if (ref.value("status", "") != "archived") {
      AuditContext::Add(&r_->findings, Severity::kWarning, "W-MISSING-ASSET", where,
                        label + ": not archived at capture: " + ref.value("reason", ""));
      return false;
    }
    std::string path = ref.value("local_path", "");
    std::string_view assets = warc_format::kAssetsDir;
    std::string name = path.rfind(assets, 0) == 0 ? path.substr(assets.size()) : "";
    if (!IsSafeFileName(name)) {
      Error("E-LOCAL-PATH", where, label + ": unsafe local path '" + path + "'");
    } else if (auto [other, fresh] = path_by_key_.emplace(FileNameKey(name), path); !fresh && other->second != path) {
      Error("E-LOCAL-PATH", where,
            label + ": '" + path + "' and '" + other->second +
                "' are one file where case or Unicode normalization is ignored");
    }
    std::string digest = ref.value("payload_digest", "");
    auto [it, inserted] = digest_by_path_.emplace(path, digest);
    if (!inserted && it->second != digest)
      Error("E-LOCAL-PATH", where, label + ": '" + path + "' already holds another payload");
    std::optional<IndexedRecord> rec = c_.index.FindById(ref.value("record_id", ""));
    // In a package of several articles, a payload two of them share is
    // stored once: the later one's record is a revisit of it.
    if (rec && rec->type == "revisit") rec = c_.index.FindById(rec->refers_to);
    // A local file of a blog's source tree is a resource record (no HTTP).
    if (!rec || (rec->type != "response" && rec->type != "resource")) {
      Error("E-MANIFEST-RECORD", where,
            label + ": response or resource record " + ref.value("record_id", "") + " is not in the WARC");
    } else if (!c_.options.fast && rec->payload_digest != digest) {
      Error("E-MANIFEST-DIGEST", where,
            label + ": stored body hashes to " + rec->payload_digest + ", manifest says " + digest);
    } else if (!ref.contains("bytes") || UnsignedOf(ref["bytes"]) != rec->payload_bytes) {
      Error("E-MANIFEST-DIGEST", where, label + ": manifest size differs from the stored body");
    }
    return true;
  }

  static std::optional<Splice> SpliceOf(const json& entry, std::string text) {
    const json& span = entry.value("span", json::array());
    if (!span.is_array() || span.size() != 2) return std::nullopt;
    std::optional<uint64_t> begin = UnsignedOf(span[0]), end = UnsignedOf(span[1]);
    if (!begin || !end) return std::nullopt;
    return Splice{*begin, *end, std::move(text)};
  }

  void CheckArticle(const json& m) {
    const json& article = m["article"];
    const WarcRecordView* original = ArticleRecord(article.value("original", json::object()), "original");
    const WarcRecordView* rewritten = ArticleRecord(article.value("rewritten", json::object()), "rewritten");
    std::vector<Splice> splices;
    size_t n = 0;
    for (const json& ref : m["references"]) {
      std::string where = label_ + " reference " + std::to_string(n++);
      ++r_->references;
      if (!CheckEntry(ref, where)) continue;
      ++r_->archived;
      std::optional<Splice> splice = SpliceOf(ref, ref.value("local_path", ""));
      if (!splice) {
        Error("E-MANIFEST-JSON", where, "span is not [begin, end]");
        continue;
      }
      splices.push_back(std::move(*splice));
    }
    for (const json& other : m.value("other_rewrites", json::array())) {
      std::string text = other.value("text", "");
      std::optional<Splice> splice = SpliceOf(other, text);
      if (!splice) {
        Error("E-MANIFEST-JSON", label_, "other_rewrites span is not [begin, end]");
        continue;
      }
      if (!IsAllowedRewrite(other.value("where", ""), *splice))
        Error("E-MANIFEST-JSON", label_,
              "other_rewrites may only make a <base href> \"./\" or insert Robust Links attributes");
      splices.push_back(std::move(*splice));
    }
    n = 0;
    for (const json& asset : m.value("stylesheet_assets", json::array()))
      CheckEntry(asset, label_ + " stylesheet asset " + std::to_string(n++));
    if (original == nullptr || rewritten == nullptr || c_.options.fast) return;
    CheckRewrite(*original, *rewritten, std::move(splices));
  }

  // The rewritten article must be the original with exactly these splices:
  // then it references only archived files and nothing else was changed.
  void CheckRewrite(const WarcRecordView& original, const WarcRecordView& rewritten, std::vector<Splice> splices) {
    std::sort(splices.begin(), splices.end(), [](const Splice& a, const Splice& b) { return a.begin < b.begin; });
    std::string_view src = RecordPayload(original);
    std::string expected;
    uint64_t pos = 0;
    for (const Splice& s : splices) {
      if (s.begin < pos || s.end < s.begin || s.end > src.size()) {
        Error("E-MANIFEST-JSON", label_, "reference spans overlap or leave the article");
        return;
      }
      expected.append(src.substr(pos, s.begin - pos));
      expected.append(s.text);
      pos = s.end;
    }
    expected.append(src.substr(pos));
    if (expected != RecordPayload(rewritten))
      Error("E-REWRITE-MISMATCH", label_,
            "the rewritten article is not the original with the manifest's local paths spliced in");
  }

  AuditContext& c_;
  VerifyReport* r_;
  bool one_of_many_;
  std::string label_ = "manifest";
  std::map<std::string, std::string> digest_by_path_;
  std::map<std::string, std::string> path_by_key_;  // FileNameKey of a local path → the path
};

}  // namespace

void AuditManifests(AuditContext* context, const std::vector<RecordPlace>& manifests, VerifyReport* report) {
  if (manifests.empty() && context->rotproof_written)
    AuditContext::Add(&report->findings, Severity::kError, "E-MANIFEST-MISSING", "WARC",
                      "written by rotproof (its warcinfo says so) but no manifest record");
  for (const RecordPlace& manifest : manifests) {
    GuardJson(&report->findings, "E-MANIFEST-JSON", "manifest",
              [&] { ManifestAuditor(context, report, manifests.size() > 1).Run(manifest); });
    context->held.Release();  // one article's records in memory at a time
  }
}

}  // namespace rotproof
