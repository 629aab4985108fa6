#include "rotproof/render.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <memory>
#include <mutex>

#include "parser_handles.h"
#include "rotproof/text.h"

namespace rotproof {
namespace {

std::string MarkdownToHtml(const std::string& markdown) {
  // cmark-gfm's registry is a global that registration writes without a
  // lock; articles are rendered on several threads.
  static std::once_flag registered;
  std::call_once(registered, cmark_gfm_core_extensions_ensure_registered);
  CmarkParserPtr parser(cmark_parser_new(CMARK_OPT_UNSAFE));
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  CmarkNodePtr doc(cmark_parser_finish(parser.get()));
  char* html = cmark_render_html(doc.get(), CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html);
  free(html);  // allocated by cmark's default allocator
  return out;
}

}  // namespace

std::string RenderArticleHtml(const Article& article, const std::vector<Splice>& splices,
                              const std::string& header_image) {
  std::vector<Splice> in_body;
  for (const Splice& s : splices)
    if (s.span.begin >= article.body_offset)
      in_body.push_back({{s.span.begin - article.body_offset, s.span.end - article.body_offset}, s.text});
  std::string_view body = std::string_view(article.bytes).substr(article.body_offset);
  auto spliced = ApplySplices(body, in_body);
  std::string text = spliced.ok() ? *spliced : std::string(body);
  if (article.kind == ArticleKind::kHtml) return text;  // already a page
  std::string content = MarkdownToHtml(text);
  std::string title = article.title.empty() ? article.slug : article.title;
  std::string page = "<!DOCTYPE html>\n<html>\n<head>\n";
  if (IsValidUtf8(article.bytes)) page += "<meta charset=\"utf-8\">\n";
  page += "<title>" + EscapeHtml(title) + "</title>\n</head>\n<body>\n<article>\n<h1>" + EscapeHtml(title) + "</h1>\n";
  if (!header_image.empty()) page += "<p><img src=\"" + EscapeHtml(header_image) + "\" alt=\"\"></p>\n";
  return page + content + "</article>\n</body>\n</html>\n";
}

}  // namespace rotproof
