#include "rotproof/rewrite.h"

#include <algorithm>

#include "rotproof/url.h"
#include "rotproof/warc_format.h"

namespace rotproof {
namespace {

std::string ExtensionFor(const std::string& content_type) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {"image/jpeg", ".jpg"},  {"image/png", ".png"},     {"image/gif", ".gif"},
      {"image/webp", ".webp"}, {"image/svg+xml", ".svg"}, {"image/avif", ".avif"},
      {"image/bmp", ".bmp"},   {"video/mp4", ".mp4"},     {"audio/mpeg", ".mp3"}};
  for (auto [type, ext] : kTypes)
    if (content_type.rfind(type, 0) == 0) return ext;
  return ".bin";
}

std::string SafeBasename(const std::string& url) {
  auto parts = SplitUrl(url);
  std::string path = parts ? parts->path : url;
  std::string base = PercentDecode(path.substr(path.rfind('/') + 1));
  std::string safe;
  for (unsigned char c : base) {
    bool ok = std::isalnum(c) || c == '.' || c == '-' || c == '_';
    if (c == '.' && !safe.empty() && safe.back() == '.') continue;  // never ".."
    safe.push_back(ok ? static_cast<char>(c) : '_');
  }
  while (!safe.empty() && safe.front() == '.') safe.erase(safe.begin());
  if (safe.size() > 80) safe = safe.substr(safe.size() - 80);
  return safe;
}

}  // namespace

Result<std::string> ApplySplices(std::string_view original, std::vector<Splice> splices) {
  std::sort(splices.begin(), splices.end(),
            [](const Splice& a, const Splice& b) { return a.span.begin < b.span.begin; });
  std::string out;
  size_t pos = 0;
  for (const Splice& s : splices) {
    if (s.span.begin < pos || s.span.end < s.span.begin || s.span.end > original.size())
      return Status::InvalidInput("splice [" + std::to_string(s.span.begin) + ", " + std::to_string(s.span.end) +
                                  ") overlaps another or leaves the text");
    out.append(original.substr(pos, s.span.begin - pos));
    out.append(s.text);
    pos = s.span.end;
  }
  out.append(original.substr(pos));
  return out;
}

std::string AssetNamer::PathFor(const std::string& url, const std::string& payload_digest,
                                const std::string& content_type) {
  std::string name = SafeBasename(url);
  if (name.empty()) name = "asset";
  if (name.find('.') == std::string::npos) name += ExtensionFor(content_type);
  auto it = digest_by_name_.find(name);
  if (it != digest_by_name_.end() && it->second != payload_digest) {
    size_t dot = name.rfind('.');
    // "sha256:" is 7 characters; 8 hex digits keep names short.
    name = name.substr(0, dot) + "-" + payload_digest.substr(7, 8) + name.substr(dot);
    it = digest_by_name_.find(name);
  }
  if (it == digest_by_name_.end()) digest_by_name_[name] = payload_digest;
  return std::string(warc_format::kAssetsDir) + name;
}

}  // namespace rotproof
