#pragma once
// The article as a web page, for replay tools: ReplayWeb.page opens a WACZ
// on its pages.jsonl entry, so each archive carries an HTML rendering of the
// article whose image URLs are the archived URLs.

#include <string>
#include <vector>

#include "rotproof/article.h"
#include "rotproof/rewrite.h"

namespace rotproof {

// A complete HTML document. Markdown: the front-matter title, `header_image`
// (if not empty), and the body rendered by cmark-gfm with its GFM extensions
// (raw HTML kept). HTML articles: the page itself. Either way `splices` in
// the body are applied first.
std::string RenderArticleHtml(const Article& article, const std::vector<Splice>& splices,
                              const std::string& header_image);

}  // namespace rotproof
