#include "rotproof/manifest.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "rotproof/json_number.h"
#include "rotproof/warc_format.h"

namespace rotproof {

namespace {

nlohmann::ordered_json EntriesJson(const std::vector<ManifestEntry>& entries) {
  using nlohmann::ordered_json;
  ordered_json refs = ordered_json::array();
  for (const ManifestEntry& e : entries) {
    ordered_json candidates = ordered_json::array();
    for (const CandidateAttempt& c : e.candidates)
      candidates.push_back({{"url", c.url}, {"why", c.why}, {"outcome", c.OutcomeText()}});
    ordered_json r = {{"where", e.where},
                      {"url", e.url},
                      {"span", {e.span.begin, e.span.end}},
                      {"status", e.archived ? "archived" : "failed"},
                      {"candidates", candidates}};
    if (e.archived) {
      r["archived_url"] = e.archived_url;
      r["record_id"] = e.record_id;
      r["payload_digest"] = e.payload_digest;
      r["bytes"] = e.bytes;
      r["content_type"] = e.content_type;
      r["sniffed_type"] = e.sniffed_type;
      r["local_path"] = e.local_path;
    } else {
      r["reason"] = e.reason;
    }
    if (!e.stylesheet.empty()) r["stylesheet"] = e.stylesheet;
    refs.push_back(std::move(r));
  }
  return refs;
}

}  // namespace

std::string ManifestToJson(const Manifest& m) {
  using nlohmann::ordered_json;
  ordered_json j = {
      {"manifest_version", 1},
      {"software", "rotproof " ROTPROOF_VERSION},
      {"article",
       {{"slug", m.slug},
        {"source_name", m.source_name},
        {"title", m.title},
        {"captured_at", m.captured_at},
        {"original", {{"uri", m.original_uri}, {"record_id", m.original_record_id}, {"digest", m.original_digest}}},
        {"rewritten",
         {{"uri", m.rewritten_uri},
          {"record_id", m.rewritten_record_id},
          {"digest", m.rewritten_digest},
          {"name", m.rewritten_name}}}}},
      {"references", EntriesJson(m.references)},
      {"stylesheet_assets", EntriesJson(m.stylesheet_assets)},
      {"other_rewrites", ordered_json::array()}};
  for (const auto& r : m.other_rewrites)
    j["other_rewrites"].push_back({{"where", r.where}, {"span", {r.span.begin, r.span.end}}, {"text", r.text}});
  // Invalid UTF-8 (old GBK posts) is replaced rather than aborting the dump.
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

namespace {

using nlohmann::json;

Span SpanOf(const json& entry) {
  const json& span = entry.at("span");
  std::optional<uint64_t> begin, end;
  if (span.is_array() && span.size() == 2) begin = UnsignedOf(span[0]), end = UnsignedOf(span[1]);
  if (!begin || !end) throw std::invalid_argument("span is not [begin, end]");
  return {*begin, *end};
}

CandidateAttempt AttemptOf(const json& c) {
  CandidateAttempt a{c.at("url").get<std::string>(), c.value("why", ""), CandidateAttempt::Outcome::kFailed, ""};
  std::string outcome = c.value("outcome", "");
  if (outcome == "ok") {
    a.outcome = CandidateAttempt::Outcome::kOk;
  } else if (outcome == "not tried") {
    a.outcome = CandidateAttempt::Outcome::kNotTried;
  } else {
    a.error = outcome;
  }
  return a;
}

ManifestEntry EntryOf(const json& e) {
  ManifestEntry m;
  m.where = e.value("where", "");
  m.url = e.value("url", "");
  m.span = SpanOf(e);
  for (const json& c : e.value("candidates", json::array())) m.candidates.push_back(AttemptOf(c));
  m.archived = e.value("status", "") == "archived";
  m.archived_url = e.value("archived_url", "");
  m.record_id = e.value("record_id", "");
  m.payload_digest = e.value("payload_digest", "");
  m.bytes = UnsignedField(e, "bytes", 0);
  m.content_type = e.value("content_type", "");
  m.sniffed_type = e.value("sniffed_type", "");
  m.local_path = e.value("local_path", "");
  m.reason = e.value("reason", "");
  m.stylesheet = e.value("stylesheet", "");
  return m;
}

std::vector<ManifestEntry> EntriesOf(const json& m, const char* key) {
  std::vector<ManifestEntry> entries;
  for (const json& e : m.value(key, json::array())) entries.push_back(EntryOf(e));
  return entries;
}

Manifest ManifestOf(const json& j) {
  const json& article = j.at("article");
  const json& original = article.value("original", json::object());
  const json& rewritten = article.at("rewritten");
  Manifest m;
  m.slug = article.value("slug", "");
  m.source_name = article.value("source_name", "");
  m.title = article.value("title", "");
  m.captured_at = article.value("captured_at", "");
  m.original_uri = original.value("uri", "");
  m.original_record_id = original.value("record_id", "");
  m.original_digest = original.value("digest", "");
  m.rewritten_uri = rewritten.value("uri", "");
  m.rewritten_record_id = rewritten.value("record_id", "");
  m.rewritten_digest = rewritten.value("digest", "");
  m.rewritten_name = rewritten.value("name", "");
  m.references = EntriesOf(j, "references");
  m.stylesheet_assets = EntriesOf(j, "stylesheet_assets");
  for (const json& r : j.value("other_rewrites", json::array()))
    m.other_rewrites.push_back({r.value("where", ""), SpanOf(r), r.value("text", "")});
  return m;
}

// Keeps each manifest record's block as the records stream past.
class ManifestCollector : public WarcRecordSink {
 public:
  explicit ManifestCollector(const std::function<void(const WarcRecordView&)>& on_record) : on_record_(on_record) {}

  void OnHeader(const WarcRecordView& r) override {
    if (on_record_) on_record_(r);
    in_manifest_ =
        r.Field("WARC-Type") == "metadata" && r.Field("WARC-Target-URI").rfind(warc_format::kManifestUriPrefix, 0) == 0;
    if (in_manifest_) blocks_.emplace_back();
  }
  void OnBlock(std::string_view bytes) override {
    if (!in_manifest_ || too_large_) return;
    too_large_ = blocks_.back().size() + bytes.size() > warc_format::kMaxHeldRecordBytes;
    if (!too_large_) blocks_.back().append(bytes);
  }
  void OnEnd(const WarcRecordView&, bool) override { in_manifest_ = false; }

  Result<std::vector<std::string>> Take(const std::string& path) {
    if (blocks_.empty()) return Status::Corruption(path + ": no manifest");
    if (too_large_)
      return Status::Corruption(path + ": manifest larger than " + std::to_string(warc_format::kMaxHeldRecordBytes) +
                                " bytes");
    return std::move(blocks_);
  }

 private:
  const std::function<void(const WarcRecordView&)>& on_record_;
  bool in_manifest_ = false, too_large_ = false;
  std::vector<std::string> blocks_;
};

}  // namespace

Result<Manifest> ParseManifest(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return Status::Corruption("manifest is not a JSON object");
  try {
    return ManifestOf(j);
  } catch (const std::exception& e) {  // nlohmann's type and key errors, a bad span
    return Status::Corruption(std::string("manifest has an unexpected shape: ") + e.what());
  }
}

Result<std::vector<std::string>> ReadManifestBlocks(const std::string& path, std::vector<ReadIssue>* issues,
                                                    const std::function<void(const WarcRecordView&)>& on_record) {
  ManifestCollector collector(on_record);
  ROTPROOF_RETURN_IF_ERROR(StreamWarcRecords(path, &collector, issues));
  return collector.Take(path);
}

ReferenceSource SourceOf(const ManifestEntry& entry) {
  if (!entry.archived) return ReferenceSource::kDead;
  bool origin_offered = false;
  std::string why;
  for (const CandidateAttempt& c : entry.candidates) {
    if (c.why.find("origin") != std::string::npos) origin_offered = true;
    if (c.outcome == CandidateAttempt::Outcome::kOk) why = c.why;
  }
  if (why.find("capture") != std::string::npos) return ReferenceSource::kMirror;
  if (why.find("as written") != std::string::npos && origin_offered) return ReferenceSource::kProxy;
  return ReferenceSource::kOrigin;
}

}  // namespace rotproof
