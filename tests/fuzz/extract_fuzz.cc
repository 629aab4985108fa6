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
    for (const auto& r : rotproof::ExtractReferences(*article, rotproof::ExtractOptions()))
      if (r.span.begin > r.span.end || r.span.end > article->bytes.size()) std::abort();
    (void)rotproof::BaseHref(*article);
  }
  return 0;
}
