#pragma once
// Reference sources beside the Markdown and HTML walks of reference.cc:
// the front matter, and the blog engines' own syntax inside Markdown.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/reference.h"

namespace rotproof {

// True when `url` can name an asset at all: not empty, not a fragment, not
// a data:, javascript: or about: URL.
bool IsAssetUrl(std::string_view url);

// Finds Markdown images in `text` (whose first byte is at `base` in the
// article) with cmark-gfm (markdown_refs.cc). Code blocks are blanked out
// of `html_view` so that gumbo never sees code as markup. With `out` null,
// the image URLs are returned in order instead of recorded.
std::vector<std::string> ExtractMarkdown(std::string_view text, size_t base, std::string* html_view,
                                         std::vector<Reference>* out);

// Front-matter pictures (front_matter_refs.cc): with options'
// front_matter_keys, the keys named; without, every key whose value is a
// picture's URL or path, and any URL under a picture key.
void ExtractFrontMatter(const Article& article, const ExtractOptions& options, std::vector<Reference>* out);

// Hexo/Octopress img tags, Hugo shortcodes and Obsidian embeds in Markdown
// `text` (code blocks blanked; engine_syntax.cc).
void ExtractTemplateTags(std::string_view text, size_t base, std::vector<Reference>* out);

// Markdown images whose destination starts with Jekyll Liquid.
void ExtractLiquidImages(std::string_view text, size_t base, std::vector<Reference>* out);

// What a Jekyll URL with Liquid in it means before the site is built:
// "{{ site.baseurl }}/a.png", "{{ site.url }}{{ site.baseurl }}/a.png",
// "{{ '/a.png' | relative_url }}" and "{{ "/a.png" | absolute_url }}" are
// all "a.png" under the site's URL and baseurl: relative to --base-url,
// which is then that site URL. nullopt when `url` holds no Liquid.
std::optional<std::string> LiquidPath(std::string_view url);

}  // namespace rotproof
