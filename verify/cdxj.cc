#include "rotproof/cdxj.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "rotproof/json_number.h"

namespace rotproof {

std::optional<CdxjLine> ParseCdxjLine(std::string_view line) {
  size_t s1 = line.find(' ');
  if (s1 == std::string_view::npos || s1 == 0) return std::nullopt;
  size_t s2 = line.find(' ', s1 + 1);
  if (s2 == std::string_view::npos) return std::nullopt;
  CdxjLine c;
  c.key = std::string(line.substr(0, s1));
  c.timestamp = std::string(line.substr(s1 + 1, s2 - s1 - 1));
  if (c.timestamp.size() < 14 || !std::all_of(c.timestamp.begin(), c.timestamp.begin() + 14, ::isdigit))
    return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(line.substr(s2 + 1), nullptr, false);
  if (!j.is_object() || !j.contains("url") || !j["url"].is_string()) return std::nullopt;
  auto offset = j.contains("offset") ? UnsignedOrDigitsOf(j["offset"]) : std::nullopt;
  auto length = j.contains("length") ? UnsignedOrDigitsOf(j["length"]) : std::nullopt;
  if (!offset || !length) return std::nullopt;
  c.url = j["url"].get<std::string>();
  if (j.contains("digest") && j["digest"].is_string()) c.digest = j["digest"].get<std::string>();
  if (j.contains("filename") && j["filename"].is_string()) c.filename = j["filename"].get<std::string>();
  if (j.contains("mime") && j["mime"].is_string()) c.mime = j["mime"].get<std::string>();
  if (auto status = j.contains("status") ? UnsignedOrDigitsOf(j["status"]) : std::nullopt) c.status = *status;
  c.offset = *offset;
  c.length = *length;
  return c;
}

}  // namespace rotproof
