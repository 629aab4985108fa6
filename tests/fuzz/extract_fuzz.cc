// libFuzzer: front matter (yaml-cpp), Markdown (cmark-gfm) and HTML (gumbo)
// reference extraction, checking every span lies in the article.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rotproof/reference.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  for (const char* name : {"post.md", "page.html"}) {
    auto article = rotproof::ParseArticle(name, bytes);
    if (!article.ok()) continue;
    rotproof::ArticleScan scan = rotproof::ScanArticle(*article, rotproof::ExtractOptions());
    for (const auto& r : scan.references)
      if (r.span.begin > r.span.end || r.span.end > article->bytes.size()) std::abort();
    if (scan.base.span.begin > scan.base.span.end || scan.base.span.end > article->bytes.size()) std::abort();
  }
  return 0;
}
