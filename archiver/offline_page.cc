#include "rotproof/offline_page.h"

#include <gumbo.h>

#include <algorithm>
#include <optional>

#include "parser_handles.h"
#include "rotproof/digest.h"
#include "rotproof/rewrite.h"
#include "rotproof/text.h"

namespace rotproof {
namespace {

// Elements removed with their contents: what they hold runs or is fetched.
bool RemovedWhole(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_IFRAME || tag == GUMBO_TAG_FRAMESET || tag == GUMBO_TAG_FRAME ||
         tag == GUMBO_TAG_OBJECT || tag == GUMBO_TAG_EMBED || tag == GUMBO_TAG_APPLET;
}

// Void elements removed when they act by themselves.
bool RemovedTag(const GumboElement& el) {
  if (el.tag == GUMBO_TAG_BASE) return true;
  if (el.tag == GUMBO_TAG_META) return gumbo_get_attribute(&el.attributes, "http-equiv") != nullptr;
  if (el.tag != GUMBO_TAG_LINK) return false;
  const GumboAttribute* rel = gumbo_get_attribute(&el.attributes, "rel");
  return rel == nullptr || AsciiLower(rel->value) != "stylesheet";
}

bool IsScriptUrl(std::string_view value) {
  std::string squeezed;  // browsers skip whitespace and controls inside the scheme
  for (char c : value)
    if (static_cast<unsigned char>(c) > ' ') squeezed.push_back(c);
  return StartsWithIgnoreCase(squeezed, "javascript:") || StartsWithIgnoreCase(squeezed, "vbscript:");
}

class ActiveContentFinder {
 public:
  explicit ActiveContentFinder(std::string_view html) : html_(html) {}

  // The spans to remove, and the ends of the <head> and <body> start tags
  // as written (npos when the document has none).
  std::vector<Splice> removals;
  size_t head_end = std::string_view::npos, body_end = std::string_view::npos;

  void Run() {
    GumboOutputPtr output = ParseHtml(html_);
    std::vector<const GumboNode*> pending = {output->root};  // on the heap: hostile pages nest deep
    while (!pending.empty()) {
      const GumboNode* node = pending.back();
      pending.pop_back();
      if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
      if (!Visit(node->v.element)) continue;
      const GumboVector& children = node->v.element.children;
      for (unsigned i = children.length; i > 0; --i)
        pending.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }

 private:
  std::optional<size_t> Offset(const char* p) const {
    if (p == nullptr || p < html_.data() || p > html_.data() + html_.size()) return std::nullopt;
    return static_cast<size_t>(p - html_.data());
  }

  // Notes what to remove of one element; false when its children went with it.
  bool Visit(const GumboElement& el) {
    std::optional<size_t> begin = Offset(el.original_tag.data);
    if (!begin || el.original_tag.length == 0) return true;  // implied by the parser: nothing written
    size_t tag_end = *begin + el.original_tag.length;
    if (el.tag == GUMBO_TAG_HEAD) head_end = tag_end;
    if (el.tag == GUMBO_TAG_BODY) body_end = tag_end;
    if (RemovedWhole(el.tag)) {
      std::optional<size_t> end_tag = Offset(el.original_end_tag.data);
      size_t end = end_tag && el.original_end_tag.length ? *end_tag + el.original_end_tag.length
                   : el.tag == GUMBO_TAG_SCRIPT          ? html_.size()  // unclosed: runs to the end
                                                         : tag_end;
      removals.push_back({{*begin, end}, ""});
      return false;
    }
    if (RemovedTag(el)) {
      removals.push_back({{*begin, tag_end}, ""});
      return true;
    }
    for (unsigned i = 0; i < el.attributes.length; ++i) {
      const auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[i]);
      bool handler = StartsWithIgnoreCase(attr->name, "on");
      if (!handler && !IsScriptUrl(attr->value)) continue;
      std::optional<size_t> from = Offset(attr->original_name.data);
      if (!from || attr->original_name.length == 0) continue;
      size_t to = *from + attr->original_name.length;
      if (std::optional<size_t> value = Offset(attr->original_value.data); value && attr->original_value.length)
        to = *value + attr->original_value.length;
      if (to <= tag_end) removals.push_back({{*from, to}, ""});
    }
    return true;
  }

  std::string_view html_;
};

std::string Count(size_t n, const char* what) { return std::to_string(n) + " " + what; }

std::string Header(const ArticleFacts& f) {
  std::string h =
      "<header class=\"rotproof\" style=\"font:14px/1.4 sans-serif;color:#444;border-bottom:1px solid #ccc;"
      "margin-bottom:1em\"><p><strong>" +
      EscapeHtml(f.title) + "</strong>";
  if (!f.date.empty()) h += " &middot; " + EscapeHtml(f.date);
  h += "</p><p>Original: <a href=\"" + EscapeHtml(f.original_url) + "\">" + EscapeHtml(f.original_url) +
       "</a> &middot; captured " + EscapeHtml(f.captured_at) +
       " by rotproof</p><p>Pictures: " + Count(f.counts.origin, "from the origin") + ", " +
       Count(f.counts.proxy, "through a proxy") + ", " + Count(f.counts.mirror, "from a web archive") + ", " +
       Count(f.counts.dead, "dead") + "</p></header>\n";
  return h;
}

}  // namespace

SourceCounts CountSources(const Manifest& manifest) {
  SourceCounts counts;
  for (const ManifestEntry& e : manifest.references) {
    switch (SourceOf(e)) {
      case ReferenceSource::kOrigin:
        ++counts.origin;
        break;
      case ReferenceSource::kProxy:
        ++counts.proxy;
        break;
      case ReferenceSource::kMirror:
        ++counts.mirror;
        break;
      case ReferenceSource::kDead:
        ++counts.dead;
        break;
    }
  }
  return counts;
}

std::string OfflinePolicy(const std::vector<std::string>& scripts) {
  std::string script_src;
  for (const std::string& s : scripts) {
    Sha256 h;
    h.Update(s);
    script_src += " 'sha256-" + ToBase64(h.FinishRaw()) + "'";
  }
  // 'self' alone does not match file: URLs in every browser; file: is no
  // network and what a page opened from disk loads its pictures from.
  return "default-src 'none'; img-src 'self' file: data:; media-src 'self' file:; style-src 'self' file: "
         "'unsafe-inline'; font-src 'self' file: data:; script-src" +
         (script_src.empty() ? std::string(" 'none'") : script_src) +
         "; base-uri 'none'; form-action 'none'; frame-src 'none'; connect-src 'none'";
}

std::string RemoveActiveContent(std::string_view html) {
  ActiveContentFinder finder(html);
  finder.Run();
  // The parser reopens misnested formatting elements as clones of the
  // written tag, so one span can be found twice: removals are merged.
  std::vector<Splice>& spans = finder.removals;
  std::sort(spans.begin(), spans.end(), [](const Splice& a, const Splice& b) { return a.span.begin < b.span.begin; });
  std::vector<Splice> merged;
  for (const Splice& s : spans) {
    if (!merged.empty() && s.span.begin <= merged.back().span.end)
      merged.back().span.end = std::max(merged.back().span.end, s.span.end);
    else
      merged.push_back(s);
  }
  return *ApplySplices(html, std::move(merged));  // disjoint and inside `html` by construction
}

std::string MakeReaderPage(std::string_view page, const ArticleFacts& facts) {
  std::string cleaned = RemoveActiveContent(page);
  ActiveContentFinder finder(cleaned);
  finder.Run();
  // Chromium prefetches DNS for links unless told not to; no policy covers it.
  std::string policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"" + EscapeHtml(OfflinePolicy({})) +
                       "\">\n<meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">\n";
  std::string header = Header(facts);
  std::vector<Splice> inserts;
  if (finder.head_end != std::string_view::npos) {
    inserts.push_back({{finder.head_end, finder.head_end}, "\n" + policy});
  } else {
    size_t doctype = cleaned.find('>');
    size_t at = StartsWithIgnoreCase(cleaned, "<!doctype") && doctype != std::string::npos ? doctype + 1 : 0;
    inserts.push_back({{at, at}, "\n" + policy + (finder.body_end == std::string_view::npos ? header : "")});
  }
  if (finder.body_end != std::string_view::npos) inserts.push_back({{finder.body_end, finder.body_end}, "\n" + header});
  auto out = ApplySplices(cleaned, std::move(inserts));
  return out.ok() ? *out : cleaned;
}

namespace {

// Filters the rows by the search box and sorts them by a clicked header
// (numbers as numbers), with no framework and no network.
constexpr char kIndexScript[] =
    "const q=document.getElementById('q'),t=document.getElementById('t'),b=t.tBodies[0];"
    "q.addEventListener('input',()=>{const s=q.value.toLowerCase();"
    "for(const r of b.rows)r.hidden=!r.textContent.toLowerCase().includes(s);});"
    "[...t.tHead.rows[0].cells].forEach((h,i)=>h.addEventListener('click',()=>{"
    "const d=h.dataset.dir==='a'?-1:1;h.dataset.dir=d>0?'a':'d';"
    "const key=r=>r.cells[i].dataset.v??r.cells[i].textContent;"
    "b.append(...[...b.rows].sort((x,y)=>{const u=key(x),v=key(y);"
    "return d*(isNaN(u)||isNaN(v)?u.localeCompare(v):u-v);}));}));";

// A relative link to a restored page: its names are safe files, but '#'
// and '%' would still be read as URL syntax.
std::string LinkTo(std::string_view path) {
  std::string out;
  for (char c : path) out += c == '#' ? "%23" : c == '%' ? "%25" : std::string(1, c);
  return out;
}

std::string NumberCell(size_t n) { return "<td data-v=\"" + std::to_string(n) + "\">" + std::to_string(n) + "</td>"; }

}  // namespace

std::string MakeCollectionIndex(const std::vector<CollectionEntry>& entries) {
  std::string page =
      "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
      EscapeHtml(OfflinePolicy({kIndexScript})) +
      "\">\n<meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">\n<title>Restored articles</title>\n"
      "<style>th{cursor:pointer;text-align:left}td,th{padding:2px "
      "8px}td:nth-child(2){white-space:nowrap}</style>\n</head>\n<body>\n"
      "<h1>Restored articles</h1>\n<p><input id=\"q\" type=\"search\" placeholder=\"Search\" "
      "aria-label=\"Search\"> " +
      std::to_string(entries.size()) +
      " articles</p>\n<table id=\"t\">\n<thead><tr><th>Title</th><th>Date</th><th>From the origin</th>"
      "<th>Through a proxy</th><th>From a web archive</th><th>Dead</th></tr></thead>\n<tbody>\n";
  for (const CollectionEntry& e : entries) {
    const ArticleFacts& f = e.facts;
    page += "<tr><td><a href=\"" + EscapeHtml(LinkTo(e.link)) + "\">" + EscapeHtml(f.title) + "</a></td><td>" +
            EscapeHtml(f.date) + "</td>" + NumberCell(f.counts.origin) + NumberCell(f.counts.proxy) +
            NumberCell(f.counts.mirror) + NumberCell(f.counts.dead) + "</tr>\n";
  }
  return page + "</tbody>\n</table>\n<script>" + kIndexScript + "</script>\n</body>\n</html>\n";
}

}  // namespace rotproof
