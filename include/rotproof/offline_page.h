#pragma once
// The pages restore writes for people: an article readable from file:// and
// a collection's index. Neither can call home, and a hostile post's script,
// event handler or javascript: URL never runs in them.

#include <string>
#include <string_view>
#include <vector>

#include "rotproof/manifest.h"

namespace rotproof {

struct SourceCounts {
  size_t origin = 0, proxy = 0, mirror = 0, dead = 0;
};
SourceCounts CountSources(const Manifest& manifest);

// What a page's header says about one article.
struct ArticleFacts {
  std::string title;
  std::string date;          // the article's, YYYY-MM-DD
  std::string original_url;  // where it was read from
  std::string captured_at;   // W3C-DTF
  SourceCounts counts;
};

// The Content-Security-Policy of every page restore writes: no network
// load of any kind, images, styles, fonts and media only from the page's own
// files, no frames, forms or <base>, and no script but those whose text
// hashes (SHA-256) to one of `scripts`.
std::string OfflinePolicy(const std::vector<std::string>& scripts);

// `html` with everything that could run or load by itself removed:
// <script>, <iframe>, <frame>, <object>, <embed>, <base>, <meta http-equiv>
// (a refresh navigates), <link> other than a stylesheet, on* attributes and
// javascript:/vbscript: URLs. Every other byte stays. Defence in depth: the
// policy forbids all of it too.
std::string RemoveActiveContent(std::string_view html);

// The reader page: `page` (a whole document, the article rendered with its
// images local) without active content, the policy first in its <head>,
// and a header of `facts` at the start of its <body>.
std::string MakeReaderPage(std::string_view page, const ArticleFacts& facts);

// One article of a collection: its reader page's path, relative to the index.
struct CollectionEntry {
  std::string link;
  ArticleFacts facts;
};

// A collection's index: every article with its title, date and link-rot
// counts in a table sortable by any column, and a search box filtering it;
// its one script runs under the policy by its hash.
std::string MakeCollectionIndex(const std::vector<CollectionEntry>& entries);

}  // namespace rotproof
