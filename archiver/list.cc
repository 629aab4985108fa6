#include "rotproof/list.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "rotproof/manifest.h"
#include "rotproof/warc_reader.h"

namespace rotproof {
namespace {

// `s` left-aligned in a column of `width`, always followed by a space.
std::string Pad(std::string s, size_t width) {
  s.append(s.size() < width ? width - s.size() : 1, ' ');
  return s;
}

Result<std::string> List(const std::string& path, bool json) {
  nlohmann::ordered_json out = {
      {"archive", path}, {"records", nlohmann::ordered_json::array()}, {"references", nlohmann::ordered_json::array()}};
  std::vector<ReadIssue> issues;
  auto blocks = ReadManifestBlocks(path, &issues, [&out](const WarcRecordView& r) {
    std::string length = r.Field("Content-Length");
    out["records"].push_back({{"offset", r.offset},
                              {"type", r.Field("WARC-Type")},
                              {"content_type", r.Field("Content-Type")},
                              {"length", std::strtoull(length.c_str(), nullptr, 10)},
                              {"target", r.Field("WARC-Target-URI")},
                              {"id", r.Field("WARC-Record-ID")}});
  });
  if (!blocks.ok() && blocks.status().code() != Status::Code::kCorruption) return blocks.status();
  // An article archive's one manifest, or each of a package's (rotproof pack).
  std::vector<std::string> manifests;
  if (blocks.ok()) manifests = std::move(blocks).value();
  const bool package = manifests.size() > 1;
  for (const std::string& block : manifests) {
    Result<Manifest> m = ParseManifest(block);
    if (!m.ok()) {
      out["problems"].push_back(m.status().message());
      continue;
    }
    for (const ManifestEntry& ref : m->references) {
      out["references"].push_back({{"where", ref.where},
                                   {"status", ref.archived ? "archived" : "failed"},
                                   {"local_path", ref.local_path},
                                   {"reason", ref.reason},
                                   {"url", ref.url}});
      if (package) out["references"].back()["article"] = m->slug;
    }
  }
  for (const ReadIssue& i : issues)
    out["problems"].push_back(i.code + " @" + std::to_string(i.offset) + ": " + i.message);
  if (json) return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";

  std::string text =
      "RECORDS\n" + Pad("offset", 9) + Pad("type", 10) + Pad("content-type", 36) + Pad("length", 9) + "target\n";
  for (const auto& r : out["records"])
    text += Pad(std::to_string(r["offset"].get<uint64_t>()), 9) + Pad(r["type"], 10) + Pad(r["content_type"], 36) +
            Pad(std::to_string(r["length"].get<uint64_t>()), 9) + r["target"].get<std::string>() + "\n";
  text += "\nREFERENCES\n" + Pad("#", 4) + Pad("where", 20) + Pad("status", 10) + Pad("local path", 40) + "url\n";
  size_t n = 0;
  std::string article;
  for (const auto& r : out["references"]) {
    if (r.contains("article") && r["article"] != article) {
      article = r["article"];
      text += "  " + article + ":\n";
    }
    std::string place = r["status"] == "archived" ? r["local_path"].get<std::string>() : "-";
    text += Pad(std::to_string(n++), 4) + Pad(r["where"], 20) + Pad(r["status"], 10) + Pad(place, 40) +
            r["url"].get<std::string>() + "\n";
    if (r["status"] != "archived") text += "      reason: " + r["reason"].get<std::string>() + "\n";
  }
  if (out.contains("problems"))
    for (const auto& p : out["problems"]) text += "problem: " + p.get<std::string>() + "\n";
  return text;
}

}  // namespace

Result<std::string> ListArchive(const std::string& path, bool json) {
  try {
    return List(path, json);
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(path + ": manifest has an unexpected shape: " + e.what());
  }
}

}  // namespace rotproof
