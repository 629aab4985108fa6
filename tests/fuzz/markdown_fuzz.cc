// libFuzzer: the Markdown path end to end: extraction (cmark-gfm, then gumbo
// over the blanked view), the rewrite at every reference's span, and the
// offline rendering. The rewrite changes nothing outside the spans.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "rotproof/reference.h"
#include "rotproof/render.h"
#include "rotproof/rewrite.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto article = rotproof::ParseArticle("post.md", std::string(reinterpret_cast<const char*>(data), size));
  if (!article.ok()) return 0;
  rotproof::ArticleScan scan = rotproof::ScanArticle(*article, rotproof::ExtractOptions());
  std::vector<rotproof::Splice> splices;
  size_t last_end = 0;
  for (const rotproof::Reference& r : scan.references) {
    if (r.span.begin > r.span.end || r.span.end > article->bytes.size()) std::abort();
    if (r.span.begin < last_end) continue;  // ScanArticle's order is by start
    splices.push_back({r.span, "assets/x.png"});
    last_end = r.span.end;
  }
  auto rewritten = rotproof::ApplySplices(article->bytes, splices);
  if (!rewritten.ok()) std::abort();
  size_t delta = 0;
  for (const rotproof::Splice& s : splices) delta += s.text.size() - (s.span.end - s.span.begin);
  if (rewritten->size() != article->bytes.size() + delta) std::abort();
  (void)rotproof::RenderArticleHtml(*article, splices, "");
  return 0;
}
