// Markdown images: cmark-gfm finds them, their URLs are located in the
// original bytes (inline, or in the link reference definition they use).

#include <cmark-gfm.h>

#include <algorithm>
#include <optional>
#include <set>

#include "parser_handles.h"
#include "reference_forms.h"
#include "rotproof/structure.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

// Byte offset of each line start of `text` (line 1 at index 0).
std::vector<size_t> LineStarts(std::string_view text) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  return starts;
}

// `text` without its HTML tags, so that Markdown written inside an HTML
// block (WordPress exports put images in <figure>) parses as Markdown.
std::string StripTags(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    bool tag = text[i] == '<' && i + 1 < text.size() &&
               (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/');
    size_t close = tag ? text.find('>', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out.push_back(text[i]);
    } else {
      i = close;
    }
  }
  return out;
}

// Finds `url` as the target of a Markdown image in `text` at or after
// `*cursor`; records it and moves the cursor past it.
bool LocateImageUrl(std::string_view text, size_t base, std::string_view url, size_t* cursor,
                    std::vector<Reference>* out, const char* where = "md:image") {
  for (size_t pos = text.find(url, *cursor); pos != std::string_view::npos; pos = text.find(url, pos + 1)) {
    char before = pos > 0 ? text[pos - 1] : '\0';
    if (before == '(' || before == '<' || before == ' ' || before == '\t') {
      out->push_back({std::string(url), {base + pos, base + pos + url.size()}, where, -1});
      *cursor = pos + url.size();
      return true;
    }
  }
  return false;
}

// Where `url` sits in a link reference definition ("[id]: <url> \"title\"",
// CommonMark) of `text`, or nullopt.
std::optional<Span> DefinitionSpan(std::string_view text, std::string_view url) {
  for (size_t pos = text.find(url); pos != std::string_view::npos; pos = text.find(url, pos + 1)) {
    size_t line = text.rfind('\n', pos);
    line = line == std::string_view::npos ? 0 : line + 1;
    std::string_view before = text.substr(line, pos - line);
    size_t indent = before.find_first_not_of(' ');
    if (indent == std::string_view::npos || indent > 3 || before[indent] != '[') continue;
    size_t colon = before.find("]:", indent);
    if (colon == std::string_view::npos) continue;
    std::string_view gap = before.substr(colon + 2);
    if (gap.find_first_not_of(" \t<") != std::string_view::npos) continue;
    size_t after = pos + url.size();
    if (after < text.size() && std::string_view(" \t\r\n>").find(text[after]) == std::string_view::npos) continue;
    return Span{pos, after};
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> ExtractMarkdown(std::string_view text, size_t base, std::string* html_view,
                                         std::vector<Reference>* out) {
  CmarkNodePtr doc(cmark_parse_document(text.data(), text.size(), CMARK_OPT_SOURCEPOS));
  CmarkIterPtr it(cmark_iter_new(doc.get()));
  std::vector<size_t> lines = LineStarts(text);
  auto line_start = [&](int line) {
    return line >= 1 && static_cast<size_t>(line) <= lines.size() ? lines[static_cast<size_t>(line) - 1] : text.size();
  };
  std::vector<std::string> urls;
  std::set<std::string> unlocated;  // each URL once: many uses of one definition cost one search
  size_t cursor = 0;
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it.get());
    cmark_node_type type = cmark_node_get_type(n);
    // A link around an image, to a picture (the full size of a thumbnail):
    // its target follows the image's, so it is found on the way out.
    if (ev == CMARK_EVENT_EXIT && type == CMARK_NODE_LINK && out != nullptr) {
      const char* url = cmark_node_get_url(n);
      cmark_node* child = cmark_node_first_child(n);
      if (url != nullptr && child != nullptr && cmark_node_get_type(child) == CMARK_NODE_IMAGE && IsAssetUrl(url) &&
          NamesPicture(url))
        LocateImageUrl(text, base, url, &cursor, out, "md:image-link");
      continue;
    }
    if (ev != CMARK_EVENT_ENTER) continue;
    size_t block_begin = line_start(cmark_node_get_start_line(n));
    size_t block_end = line_start(cmark_node_get_end_line(n) + 1);
    if (type == CMARK_NODE_CODE_BLOCK && html_view != nullptr) {
      for (size_t i = block_begin; i < block_end && i < html_view->size(); ++i)
        if ((*html_view)[i] != '\n') (*html_view)[i] = ' ';
    } else if (type == CMARK_NODE_HTML_BLOCK && out != nullptr) {
      std::string_view block = text.substr(block_begin, block_end - block_begin);
      size_t inner_cursor = 0;
      for (const std::string& url : ExtractMarkdown(StripTags(block), 0, nullptr, nullptr))
        LocateImageUrl(block, base + block_begin, url, &inner_cursor, out);
    } else if (type == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(n);
      if (url == nullptr || !IsAssetUrl(url)) continue;
      if (out == nullptr) {
        urls.emplace_back(url);
        continue;
      }
      // cmark-gfm's inline columns are unreliable on continuation lines, so
      // the URL is located by text, in order, from the image's first line.
      cursor = std::max(cursor, block_begin);
      if (!LocateImageUrl(text, base, url, &cursor, out)) unlocated.insert(url);
    }
  }
  // Reference-style images ("![alt][id]") whose definition came first, or
  // that share one: the definition's URL is their one reference.
  for (const std::string& url : unlocated) {
    std::optional<Span> def = html_view != nullptr ? DefinitionSpan(*html_view, url) : std::nullopt;
    if (!def) continue;
    Span span{base + def->begin, base + def->end};
    bool known = std::any_of(out->begin(), out->end(), [&](const Reference& r) { return r.span == span; });
    if (!known) out->push_back({url, span, "md:image-ref", -1});
  }
  return urls;
}

}  // namespace rotproof
