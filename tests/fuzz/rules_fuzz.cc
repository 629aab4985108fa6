// libFuzzer: proxy-rule unwrapping of arbitrary URLs, structural
// detection (every origin it offers is an http(s) URL with a dotted host,
// not the input), rule files, and URL canonicalisation (its output is
// printable ASCII without spaces, and a fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rotproof/resolve.h"
#include "rotproof/structure.h"
#include "rotproof/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rotproof::RuleSet rules = rotproof::RuleSet::Defaults();
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string url = text;
  for (int depth = 0; depth < 8; ++depth) {
    auto next = rules.UnwrapOnce(url);
    if (!next) break;
    url = *next;
  }
  for (const rotproof::EmbeddedOrigin& o : rotproof::FindEmbeddedOrigins(text)) {
    auto parts = rotproof::SplitUrl(o.url);
    if (o.url == text || !parts || (parts->scheme != "http" && parts->scheme != "https") ||
        parts->host.find('.') == std::string::npos)
      std::abort();
  }
  (void)rotproof::AbsoluteUrl(text, "https://blog.example/a/b");
  (void)rotproof::RuleSet::Parse(text, "fuzz.yaml");
  std::string canonical = rotproof::CanonicalUrl(text);
  for (unsigned char c : canonical)
    if (c <= 0x20 || c >= 0x7f) std::abort();
  if (rotproof::CanonicalUrl(canonical) != canonical) std::abort();
  (void)rotproof::DecodeCharset(text, "gbk");
  return 0;
}
