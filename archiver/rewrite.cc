#include "rotproof/rewrite.h"

#include <algorithm>

#include "rotproof/names.h"
#include "rotproof/text.h"
#include "rotproof/url.h"
#include "rotproof/warc_format.h"

namespace rotproof {
namespace {

// Longer names are cut (from the front, so the extension stays): room for
// the "-<digest>" a collision adds, well inside every file system's 255.
constexpr size_t kMaxNameBytes = 120;

struct TypeExtensions {
  const char* type;
  std::vector<std::string_view> extensions;  // the first is the one given
};

const std::vector<TypeExtensions>& KnownTypes() {
  static const std::vector<TypeExtensions> kTypes = {{"image/jpeg", {".jpg", ".jpeg", ".jpe", ".jfif"}},
                                                     {"image/png", {".png"}},
                                                     {"image/gif", {".gif"}},
                                                     {"image/webp", {".webp"}},
                                                     {"image/svg+xml", {".svg"}},
                                                     {"image/avif", {".avif"}},
                                                     {"image/bmp", {".bmp"}},
                                                     {"image/x-icon", {".ico"}},
                                                     {"video/mp4", {".mp4", ".m4v"}},
                                                     {"audio/mpeg", {".mp3"}}};
  return kTypes;
}

const TypeExtensions* Known(const std::string& type) {
  for (const TypeExtensions& t : KnownTypes())
    if (type.rfind(t.type, 0) == 0) return &t;
  return nullptr;
}

// The last path segment of `url`, percent-decoded, as a file name: ASCII
// letters, digits, '.', '-', '_' and the letters of other scripts (UTF-8
// from U+00A0 on) kept, everything else '_'; never "..", never hidden, at
// most kMaxNameBytes.
std::string SafeBasename(const std::string& url) {
  auto parts = SplitUrl(url);
  std::string path = parts ? parts->path : url;
  std::string base = PercentDecode(path.substr(path.rfind('/') + 1));
  bool utf8 = IsValidUtf8(base);
  std::string safe;
  for (size_t i = 0; i < base.size();) {
    unsigned char c = static_cast<unsigned char>(base[i]);
    size_t n = utf8 ? Utf8SequenceLength(c) : 1;  // valid UTF-8: never 0
    bool letter = utf8 && n > 1 && !(n == 2 && c == 0xC2 && static_cast<unsigned char>(base[i + 1]) < 0xA0);
    bool ok = letter || (n == 1 && (std::isalnum(c) || c == '.' || c == '-' || c == '_'));
    if (c == '.' && !safe.empty() && safe.back() == '.') {  // never ".."
      ++i;
      continue;
    }
    safe += ok ? base.substr(i, n) : "_";
    i += n;
  }
  if (safe.size() > kMaxNameBytes) {
    size_t cut = safe.size() - kMaxNameBytes;
    while (cut < safe.size() && (static_cast<unsigned char>(safe[cut]) & 0xC0) == 0x80) ++cut;  // a whole character
    safe = safe.substr(cut);
  }
  // Cut or not, a leading dot would hide the file; a trailing one Windows drops.
  safe.erase(0, safe.find_first_not_of('.'));
  while (!safe.empty() && safe.back() == '.') safe.pop_back();
  return safe;
}

bool HasExtension(const TypeExtensions& type, std::string_view ext) {
  return std::find(type.extensions.begin(), type.extensions.end(), ext) != type.extensions.end();
}

// `name` with the extension its bytes call for: appended when it has none
// or an unknown one, put in place of one that names another type.
std::string WithExtension(std::string name, const TypeExtensions* type) {
  size_t dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : AsciiLower(name.substr(dot));
  if (type == nullptr) return ext.empty() ? name + ".bin" : name;
  if (HasExtension(*type, ext)) return name;
  bool other_type = std::any_of(KnownTypes().begin(), KnownTypes().end(),
                                [&](const TypeExtensions& t) { return HasExtension(t, ext); });
  if (other_type) name.erase(dot);
  return name + std::string(type->extensions.front());
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

std::vector<Splice> InverseSplices(std::string_view original, std::vector<Splice> splices) {
  std::sort(splices.begin(), splices.end(),
            [](const Splice& a, const Splice& b) { return a.span.begin < b.span.begin; });
  std::vector<Splice> inverse;
  size_t grown = 0, shrunk = 0;  // how far the result's offsets have moved from the original's
  for (const Splice& s : splices) {
    size_t begin = s.span.begin + grown - shrunk;
    inverse.push_back(
        {{begin, begin + s.text.size()}, std::string(original.substr(s.span.begin, (s.span.end - s.span.begin)))});
    grown += s.text.size();
    shrunk += (s.span.end - s.span.begin);
  }
  return inverse;
}

std::string AssetNamer::PathFor(const std::string& url, const std::string& payload_digest,
                                const std::string& content_type, const std::string& sniffed_type) {
  const TypeExtensions* type = Known(sniffed_type);
  if (type == nullptr) type = Known(content_type);
  std::string name = SafeBasename(url);
  if (name.empty()) name = "asset";
  name = WithExtension(std::move(name), type);
  if (!IsSafeFileName(name)) name = WithExtension("asset", type);  // a device name (CON.png), say
  auto it = digest_by_key_.find(FileNameKey(name));
  if (it != digest_by_key_.end() && it->second != payload_digest) {
    size_t dot = name.rfind('.');
    if (dot == std::string::npos) dot = name.size();
    // "sha256:" is 7 characters; 8 hex digits keep names short.
    name = name.substr(0, dot) + "-" + payload_digest.substr(7, 8) + name.substr(dot);
    it = digest_by_key_.find(FileNameKey(name));
  }
  if (it == digest_by_key_.end()) digest_by_key_[FileNameKey(name)] = payload_digest;
  return std::string(warc_format::kAssetsDir) + name;
}

}  // namespace rotproof
