#pragma once
// Asset references found in an article: every URL that names an image or
// other embedded asset, with the exact bytes that hold it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rotproof/article.h"

namespace rotproof {

struct Reference {
  std::string url;    // as the article means it (HTML entities decoded)
  Span span;          // the raw bytes in Article::bytes holding the URL
  std::string where;  // "img@src", "img@srcset", "fm:headimg", "md:image"...
  // References that sit on the same HTML element share a non-negative id, so
  // `data-original` and `src` of one <img> can stand in for each other.
  int element = -1;
  // A path from the site's root ("{{ site.baseurl }}/a.png" in Jekyll), not
  // from the page's folder.
  bool site_relative = false;
};

struct ExtractOptions {
  // Top-level front-matter keys whose values are asset URLs.
  // Front-matter keys whose values are asset URLs; empty (the default): any
  // key, nested or in a list, whose value is a picture's URL or path, and
  // any URL under a key that names a picture (KnownImageKey).
  std::vector<std::string> front_matter_keys;
};

// Every url(...) in a stylesheet, quoted or not: the URL (entities decoded)
// and where its text sits in `css`.
std::vector<std::pair<std::string, Span>> CssUrls(std::string_view css);

// The `<base href>` of an HTML article and where its value sits (quotes
// excluded); an empty href when there is none.
struct BaseHrefValue {
  std::string href;
  Span span;
};

// What one parse of an article finds.
struct ArticleScan {
  // Every asset reference, ordered by position. Markdown images and HTML
  // inside fenced or indented code blocks are left alone; `data:` URIs and
  // empty values are not references.
  std::vector<Reference> references;
  BaseHrefValue base;  // the first <base> with an href
  std::string title;   // the text of the first <title>, or ""
};

// Parses `article` once: front matter fields, Markdown (cmark-gfm) and the
// HTML in it or around it (gumbo). Never fails: unparseable HTML yields what
// gumbo recovers.
ArticleScan ScanArticle(const Article& article, const ExtractOptions& options);

}  // namespace rotproof
