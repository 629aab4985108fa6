#include "rotproof/reference.h"

#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "parser_handles.h"
#include "reference_forms.h"
#include "rotproof/structure.h"
#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {

bool IsAssetUrl(std::string_view url) {
  url.remove_prefix(std::min(url.find_first_not_of(" \t\r\n\f\v"), url.size()));
  if (url.empty() || url[0] == '#') return false;
  return !StartsWithIgnoreCase(url, "data:") && !StartsWithIgnoreCase(url, "javascript:") &&
         !StartsWithIgnoreCase(url, "about:");
}

namespace {

// The few entities that occur inside URLs; srcset candidates are decoded
// one by one because gumbo only hands out the decoded attribute as a whole.
std::string DecodeUrlEntities(std::string_view raw) {
  static constexpr std::pair<std::string_view, char> kNamed[] = {{"&amp;", '&'},  {"&quot;", '"'}, {"&#38;", '&'},
                                                                 {"&#038;", '&'}, {"&#x26;", '&'}, {"&apos;", '\''},
                                                                 {"&#39;", '\''}, {"&lt;", '<'},   {"&gt;", '>'}};
  std::string out;
  for (size_t i = 0; i < raw.size();) {
    bool replaced = false;
    if (raw[i] == '&') {
      for (auto [name, ch] : kNamed) {
        if (raw.substr(i, name.size()) == name) {
          out.push_back(ch);
          i += name.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(raw[i++]);
  }
  return out;
}

struct AttributeRule {
  GumboTag tag;
  const char* attribute;
  bool srcset = false;
  bool images_only = false;  // a reference only when the URL names an image file
};
// The attributes that hold asset URLs, lazy loaders' included (each library
// its own: lazysizes, jQuery lazyload, echo.js, WordPress plugins).
constexpr AttributeRule kAttributeRules[] = {
    {GUMBO_TAG_IMG, "src"},
    {GUMBO_TAG_IMG, "data-original"},
    {GUMBO_TAG_IMG, "data-src"},
    {GUMBO_TAG_IMG, "data-lazy-src"},
    {GUMBO_TAG_IMG, "data-actualsrc"},
    {GUMBO_TAG_IMG, "data-echo"},
    {GUMBO_TAG_IMG, "srcset", true},
    {GUMBO_TAG_IMG, "data-srcset", true},
    {GUMBO_TAG_IMG, "data-lazy-srcset", true},
    {GUMBO_TAG_SOURCE, "src"},
    {GUMBO_TAG_SOURCE, "data-src"},
    {GUMBO_TAG_SOURCE, "srcset", true},
    {GUMBO_TAG_SOURCE, "data-srcset", true},
    {GUMBO_TAG_VIDEO, "poster"},
    {GUMBO_TAG_VIDEO, "src"},
    {GUMBO_TAG_AUDIO, "src"},
    // A link to the full-size picture (a thumbnail inside it, or not).
    {GUMBO_TAG_A, "href", false, true},
};

// One parse of the HTML: its references, and its first <title> and <base href>.
class HtmlExtractor {
 public:
  HtmlExtractor(std::string_view html, size_t base, ArticleScan* out) : html_(html), base_(base), out_(out) {}

  void Run() {
    GumboOutputPtr output = ParseHtml(html_);
    // Depth-first in document order, on a heap stack: hostile pages nest
    // elements deeper than any call stack.
    std::vector<const GumboNode*> pending = {output->root};
    while (!pending.empty()) {
      const GumboNode* node = pending.back();
      pending.pop_back();
      if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
      Visit(node->v.element);
      const GumboVector& children = node->v.element.children;
      for (unsigned i = children.length; i > 0; --i)
        pending.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }

 private:
  // One element's own references; its children are visited by Run.
  void Visit(const GumboElement& el) {
    int element_id = next_element_++;
    if (el.tag == GUMBO_TAG_LINK) AddLink(el);
    if (el.tag == GUMBO_TAG_TITLE) NoteTitle(el);
    if (el.tag == GUMBO_TAG_BASE) NoteBase(el);
    if (const GumboAttribute* style = gumbo_get_attribute(&el.attributes, "style"))
      if (std::optional<Span> raw = RawValueSpan(*style)) AddCssUrls(*raw, "style@url");
    if (el.tag == GUMBO_TAG_STYLE) {
      for (unsigned i = 0; i < el.children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(el.children.data[i]);
        if (child->type != GUMBO_NODE_TEXT) continue;
        const GumboStringPiece& text = child->v.text.original_text;
        if (text.data < html_.data() || text.data + text.length > html_.data() + html_.size()) continue;
        size_t begin = static_cast<size_t>(text.data - html_.data());
        AddCssUrls({begin, begin + text.length}, "style@url");
      }
    }
    for (const AttributeRule& rule : kAttributeRules) {
      if (rule.tag != el.tag) continue;
      const GumboAttribute* attr = gumbo_get_attribute(&el.attributes, rule.attribute);
      if (attr == nullptr) continue;
      std::optional<Span> raw = RawValueSpan(*attr);
      if (!raw) continue;
      std::string where = std::string(gumbo_normalized_tagname(el.tag)) + "@" + rule.attribute;
      if (rule.srcset) {
        AddSrcset(*raw, where, element_id);
      } else if (std::string url = AttributeText(*attr, *raw);
                 IsAssetUrl(url) && (!rule.images_only || NamesPicture(url))) {
        out_->references.push_back({std::move(url), Offset(*raw), where, element_id});
      }
    }
  }

  // The value's bytes in html_, without quotes; nullopt for attributes that
  // gumbo synthesised or that have no value.
  std::optional<Span> RawValueSpan(const GumboAttribute& attr) const {
    const char* data = attr.original_value.data;
    size_t len = attr.original_value.length;
    if (data == nullptr || len == 0 || data < html_.data() || data + len > html_.data() + html_.size())
      return std::nullopt;
    size_t begin = static_cast<size_t>(data - html_.data());
    size_t end = begin + len;
    if (len >= 2 && (data[0] == '"' || data[0] == '\'') && data[len - 1] == data[0]) {
      ++begin;
      --end;
    }
    return Span{begin, end};
  }

  // The attribute's value as written: gumbo replaces bytes that are not
  // UTF-8 (a GBK page's) with U+FFFD, which would lose them.
  std::string AttributeText(const GumboAttribute& attr, Span raw) const {
    std::string_view text = html_.substr(raw.begin, raw.end - raw.begin);
    return IsValidUtf8(text) ? std::string(attr.value) : DecodeUrlEntities(text);
  }

  // srcset = candidates separated by commas, each "URL [descriptor]".
  void AddSrcset(Span raw, const std::string& where, int element_id) {
    std::string_view v = html_.substr(raw.begin, raw.end - raw.begin);
    size_t i = 0;
    while (i < v.size()) {
      while (i < v.size() && (std::isspace(static_cast<unsigned char>(v[i])) || v[i] == ',')) ++i;
      size_t start = i;
      while (i < v.size() && !std::isspace(static_cast<unsigned char>(v[i]))) ++i;
      size_t end = i;
      // A URL ending in ',' has no descriptor; the comma separates.
      while (end > start && v[end - 1] == ',') --end;
      if (end > start) {
        std::string url = DecodeUrlEntities(v.substr(start, end - start));
        if (IsAssetUrl(url))
          out_->references.push_back({url, Offset({raw.begin + start, raw.begin + end}), where, element_id});
      }
      while (i < v.size() && v[i] != ',') ++i;  // skip the descriptor
    }
  }

  // <link rel="icon|stylesheet|apple-touch-icon..." href>: assets of the page.
  void AddLink(const GumboElement& el) {
    const GumboAttribute* rel = gumbo_get_attribute(&el.attributes, "rel");
    const GumboAttribute* href = gumbo_get_attribute(&el.attributes, "href");
    if (rel == nullptr || href == nullptr) return;
    std::string r = rel->value;
    r = AsciiLower(r);
    bool asset = r.find("icon") != std::string::npos || r.find("stylesheet") != std::string::npos;
    std::optional<Span> raw = RawValueSpan(*href);
    if (!asset || !raw) return;
    if (std::string url = AttributeText(*href, *raw); IsAssetUrl(url))
      out_->references.push_back({std::move(url), Offset(*raw), "link@href", -1});
  }

  void NoteTitle(const GumboElement& el) {
    if (title_seen_ || el.children.length == 0) return;
    title_seen_ = true;
    const auto* text = static_cast<const GumboNode*>(el.children.data[0]);
    if (text->type == GUMBO_NODE_TEXT) out_->title = text->v.text.text;
  }

  // The first <base> with an href is the document's base URL.
  void NoteBase(const GumboElement& el) {
    if (base_seen_) return;
    const GumboAttribute* href = gumbo_get_attribute(&el.attributes, "href");
    std::optional<Span> raw = href ? RawValueSpan(*href) : std::nullopt;
    if (!raw) return;
    base_seen_ = true;
    out_->base = {href->value, Offset(*raw)};
  }

  void AddCssUrls(Span raw, const char* where) {
    for (auto& [url, span] : CssUrls(html_.substr(raw.begin, raw.end - raw.begin)))
      if (IsAssetUrl(url))
        out_->references.push_back({url, Offset({raw.begin + span.begin, raw.begin + span.end}), where, -1});
  }

  Span Offset(Span s) const { return {base_ + s.begin, base_ + s.end}; }

  std::string_view html_;
  size_t base_;
  ArticleScan* out_;
  int next_element_ = 0;
  bool title_seen_ = false;
  bool base_seen_ = false;
};

}  // namespace

std::vector<std::pair<std::string, Span>> CssUrls(std::string_view css) {
  auto find_caseless = [css](std::string_view needle, size_t from) {
    auto it = std::search(css.begin() + static_cast<long>(from), css.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    return it == css.end() ? std::string_view::npos : static_cast<size_t>(it - css.begin());
  };
  std::vector<std::pair<std::string, Span>> out;
  for (size_t at = 0; (at = find_caseless("url(", at)) != std::string_view::npos;) {
    size_t begin = at + 4;
    while (begin < css.size() && std::isspace(static_cast<unsigned char>(css[begin]))) ++begin;
    std::string_view quote;
    for (std::string_view q : {"\"", "'", "&quot;", "&#39;"})
      if (css.substr(begin, q.size()) == q) quote = q;
    begin += quote.size();
    size_t end = quote.empty() ? css.find(')', begin) : css.find(quote, begin);
    if (end == std::string_view::npos) break;
    size_t stop = end;
    while (quote.empty() && stop > begin && std::isspace(static_cast<unsigned char>(css[stop - 1]))) --stop;
    std::string url = DecodeUrlEntities(css.substr(begin, stop - begin));
    if (!url.empty()) out.push_back({url, {begin, stop}});
    at = end;
  }
  return out;
}

ArticleScan ScanArticle(const Article& article, const ExtractOptions& options) {
  ArticleScan scan;
  std::vector<Reference>& refs = scan.references;
  ExtractFrontMatter(article, options, &refs);
  std::string_view body = std::string_view(article.bytes).substr(article.body_offset);
  std::string html_view(body);
  if (article.kind == ArticleKind::kMarkdown) {
    ExtractMarkdown(body, article.body_offset, &html_view, &refs);
    ExtractTemplateTags(html_view, article.body_offset, &refs);  // code blocks blanked out
    ExtractLiquidImages(html_view, article.body_offset, &refs);
  }
  HtmlExtractor(html_view, article.body_offset, &scan).Run();
  std::stable_sort(refs.begin(), refs.end(),
                   [](const Reference& a, const Reference& b) { return a.span.begin < b.span.begin; });
  for (Reference& r : refs) {
    r.url = DecodeCharset(r.url, article.charset);
    if (std::optional<std::string> path = LiquidPath(r.url)) {
      r.url = std::move(*path);
      r.site_relative = true;
    }
  }
  return scan;
}

}  // namespace rotproof
