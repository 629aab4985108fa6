#include "rotproof/manifest.h"

#include <nlohmann/json.hpp>

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
        {"original", {{"uri", m.original_uri}, {"record_id", m.original_record_id},
                      {"digest", m.original_digest}}},
        {"rewritten", {{"uri", m.rewritten_uri}, {"record_id", m.rewritten_record_id},
                       {"digest", m.rewritten_digest}, {"name", m.rewritten_name}}}}},
      {"references", EntriesJson(m.references)},
      {"stylesheet_assets", EntriesJson(m.stylesheet_assets)},
      {"other_rewrites", ordered_json::array()}};
  for (const auto& r : m.other_rewrites)
    j["other_rewrites"].push_back({{"where", r.where}, {"span", {r.span.begin, r.span.end}}, {"text", r.text}});
  // Invalid UTF-8 (old GBK posts) is replaced rather than aborting the dump.
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

namespace {

// Keeps the manifest record's block as the records stream past.
class ManifestCollector : public WarcRecordSink {
 public:
  explicit ManifestCollector(const std::function<void(const WarcRecordView&)>& on_record)
      : on_record_(on_record) {}

  void OnHeader(const WarcRecordView& r) override {
    if (on_record_) on_record_(r);
    in_manifest_ = r.Field("WARC-Type") == "metadata" &&
                   r.Field("WARC-Target-URI").rfind(warc_format::kManifestUriPrefix, 0) == 0;
    if (!in_manifest_) return;
    found_ = true;
    too_large_ = false;
    block_.clear();
  }
  void OnBlock(std::string_view bytes) override {
    if (!in_manifest_ || too_large_) return;
    too_large_ = block_.size() + bytes.size() > warc_format::kMaxHeldRecordBytes;
    if (!too_large_) block_.append(bytes);
  }
  void OnEnd(const WarcRecordView&, bool) override { in_manifest_ = false; }

  Result<std::string> Take(const std::string& path) {
    if (!found_) return Status::Corruption(path + ": no manifest");
    if (too_large_)
      return Status::Corruption(path + ": manifest larger than " +
                                std::to_string(warc_format::kMaxHeldRecordBytes) + " bytes");
    return std::move(block_);
  }

 private:
  const std::function<void(const WarcRecordView&)>& on_record_;
  bool in_manifest_ = false, found_ = false, too_large_ = false;
  std::string block_;
};

}  // namespace

Result<std::string> ReadManifestBlock(const std::string& path, std::vector<ReadIssue>* issues,
                                      const std::function<void(const WarcRecordView&)>& on_record) {
  ManifestCollector collector(on_record);
  ROTPROOF_RETURN_IF_ERROR(StreamWarcRecords(path, &collector, issues));
  return collector.Take(path);
}

}  // namespace rotproof
