// The blog engines' own image syntax inside Markdown: Hexo/Octopress tags,
// Hugo shortcodes, Jekyll's Liquid URL prefixes.

#include <algorithm>

#include "reference_forms.h"
#include "rotproof/text.h"

namespace rotproof {

// Hexo/Octopress `{% img [class...] <url> [w [h]] ["title"] %}`, and Hugo
// shortcodes `{{< figure src="..." >}}` / `{{% ... %}}` (any shortcode's
// src, image or poster), which may span lines.
void ExtractTemplateTags(std::string_view text, size_t base, std::vector<Reference>* out) {
  for (size_t open = text.find("{%"); open != std::string_view::npos; open = text.find("{%", open + 2)) {
    size_t close = text.find("%}", open);
    if (close == std::string_view::npos) break;
    std::string_view tag = text.substr(open + 2, close - open - 2);
    size_t name = tag.find_first_not_of(" \t");
    if (name == std::string_view::npos || tag.substr(name, 4) != "img ") continue;
    // The first word that is a URL or a path (class names are neither).
    for (size_t at = name + 4; at < tag.size();) {
      at = tag.find_first_not_of(" \t", at);
      if (at == std::string_view::npos || tag[at] == '"') break;
      size_t end = std::min(tag.find_first_of(" \t", at), tag.size());
      std::string_view word = tag.substr(at, end - at);
      if (word.find('/') != std::string_view::npos || word.find('.') != std::string_view::npos) {
        if (IsAssetUrl(word))
          out->push_back({std::string(word), {base + open + 2 + at, base + open + 2 + end}, "hexo:img", -1});
        break;
      }
      at = end;
    }
  }
  for (size_t open = text.find("{{"); open != std::string_view::npos; open = text.find("{{", open + 2)) {
    if (open + 2 >= text.size() || (text[open + 2] != '<' && text[open + 2] != '%')) continue;
    size_t close = text.find(text[open + 2] == '<' ? ">}}" : "%}}", open);
    if (close == std::string_view::npos) break;
    std::string_view code = text.substr(open, close - open);
    for (std::string_view attribute : {"src=", "image=", "poster="}) {
      for (size_t at = code.find(attribute); at != std::string_view::npos; at = code.find(attribute, at + 1)) {
        if (at > 0 && code[at - 1] != ' ' && code[at - 1] != '\t' && code[at - 1] != '\n') continue;
        size_t begin = at + attribute.size();
        char quote = begin < code.size() ? code[begin] : '\0';
        if (quote != '"' && quote != '\'') continue;
        size_t end = code.find(quote, begin + 1);
        if (end == std::string_view::npos) continue;
        std::string_view url = code.substr(begin + 1, end - begin - 1);
        if (IsAssetUrl(url))
          out->push_back({std::string(url), {base + open + begin + 1, base + open + end}, "hugo:shortcode", -1});
      }
    }
  }
}

std::optional<std::string> LiquidPath(std::string_view url) {
  if (!url.starts_with("{{")) return std::nullopt;
  std::string_view rest = url;
  while (rest.starts_with("{{")) {
    size_t close = rest.find("}}");
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view expr = rest.substr(2, close - 2);
    size_t quote = expr.find_first_of("'\"");
    if (quote != std::string_view::npos && expr.find('|') != std::string_view::npos) {
      size_t end = expr.find(expr[quote], quote + 1);
      if (end == std::string_view::npos) return std::nullopt;
      std::string_view path = expr.substr(quote + 1, end - quote - 1);
      return std::string(path.substr(
          path.find_first_not_of('/') == std::string_view::npos ? path.size() : path.find_first_not_of('/')));
    }
    std::string name = AsciiLower(expr);
    name.erase(std::remove_if(name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t'; }), name.end());
    if (name != "site.baseurl" && name != "site.url") return std::nullopt;
    rest.remove_prefix(close + 2);
  }
  rest.remove_prefix(std::min(rest.find_first_not_of('/'), rest.size()));
  if (rest.empty() || rest.find("{{") != std::string_view::npos) return std::nullopt;
  return std::string(rest);
}

// Jekyll expands Liquid before Markdown sees it, so cmark finds no image in
// "![alt]({{ site.baseurl }}/a.png)".
void ExtractLiquidImages(std::string_view text, size_t base, std::vector<Reference>* out) {
  for (size_t at = text.find("]({{"); at != std::string_view::npos; at = text.find("]({{", at + 4)) {
    size_t open = text.rfind("![", at);
    size_t line = text.rfind('\n', at);
    if (open == std::string_view::npos || (line != std::string_view::npos && open < line)) continue;
    size_t begin = at + 2, end = text.find(')', begin);
    if (end == std::string_view::npos) continue;
    std::string_view url = text.substr(begin, end - begin);
    if (size_t title = url.find(" \"", url.rfind("}}")); title != std::string_view::npos) url = url.substr(0, title);
    if (LiquidPath(url)) out->push_back({std::string(url), {base + begin, base + begin + url.size()}, "md:image", -1});
  }
}

}  // namespace rotproof
