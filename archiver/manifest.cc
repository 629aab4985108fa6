#include "rotproof/manifest.h"

#include <nlohmann/json.hpp>

namespace rotproof {

namespace {

nlohmann::ordered_json EntriesJson(const std::vector<ManifestEntry>& entries) {
  using nlohmann::ordered_json;
  ordered_json refs = ordered_json::array();
  for (const ManifestEntry& e : entries) {
    ordered_json candidates = ordered_json::array();
    for (const CandidateAttempt& c : e.candidates)
      candidates.push_back({{"url", c.url}, {"why", c.why}, {"outcome", c.outcome}});
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

}  // namespace rotproof
