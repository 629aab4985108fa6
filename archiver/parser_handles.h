#pragma once
// RAII owners for the parsers' C handles (gumbo, cmark-gfm), used by the
// archiver's extraction and rendering only.

#include <cmark-gfm.h>
#include <gumbo.h>

#include <memory>
#include <string_view>

namespace rotproof {

struct GumboOutputDeleter {
  void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

// Parses `html` recording no parse errors: gumbo copies the whole stack of
// open elements into each error, so a page of 50,000 unclosed <div>s would
// take 20 GB and most of a minute to report what nobody reads.
inline GumboOutputPtr ParseHtml(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  return GumboOutputPtr(gumbo_parse_with_options(&options, html.data(), html.size()));
}

struct CmarkNodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using CmarkNodePtr = std::unique_ptr<cmark_node, CmarkNodeDeleter>;

struct CmarkIterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using CmarkIterPtr = std::unique_ptr<cmark_iter, CmarkIterDeleter>;

struct CmarkParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
using CmarkParserPtr = std::unique_ptr<cmark_parser, CmarkParserDeleter>;

}  // namespace rotproof
