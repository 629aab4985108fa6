// The blog engines' and editors' own image syntax inside Markdown:
// Hexo/Octopress tags, Hugo shortcodes, Obsidian embeds, Jekyll's Liquid
// URL prefixes.

#include <algorithm>

#include "reference_forms.h"
#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {

namespace {

// An alt text longer than this before a Liquid destination is not looked
// for: the search back for "![" stays bounded on hostile lines.
constexpr size_t kMaxAltBytes = 1024;

std::string_view WithoutLeadingSlashes(std::string_view path) {
  path.remove_prefix(std::min(path.find_first_not_of('/'), path.size()));
  return path;
}

// `{% img [class...] <url> [w [h]] ["title"] %}`: the first word that is a
// URL or a path (class names are neither); `{% asset_img <file> ... %}` (and
// asset_path, asset_link): the first word, a file of the post's asset
// folder. Each tag is read once: the search resumes after its close.
void ExtractHexoTags(std::string_view text, size_t base, std::vector<Reference>* out) {
  for (size_t open = text.find("{%"); open != std::string_view::npos; open = text.find("{%", open)) {
    size_t close = text.find("%}", open);
    if (close == std::string_view::npos) return;
    std::string_view tag = text.substr(open + 2, close - open - 2);
    size_t begin = open + 2;
    open = close + 2;
    size_t name = tag.find_first_not_of(" \t");
    if (name == std::string_view::npos) continue;
    size_t name_end = std::min(tag.find_first_of(" \t", name), tag.size());
    std::string_view tag_name = tag.substr(name, name_end - name);
    bool asset = tag_name == "asset_img" || tag_name == "asset_path" || tag_name == "asset_link";
    if (tag_name != "img" && !asset) continue;
    for (size_t at = name_end; at < tag.size();) {
      at = tag.find_first_not_of(" \t", at);
      if (at == std::string_view::npos || tag[at] == '"') break;
      size_t end = std::min(tag.find_first_of(" \t", at), tag.size());
      std::string_view word = tag.substr(at, end - at);
      if (asset || word.find_first_of("/.") != std::string_view::npos) {
        if (IsAssetUrl(word))
          out->push_back(
              {std::string(word), {base + begin + at, base + begin + end}, asset ? "hexo:asset_img" : "hexo:img", -1});
        break;
      }
      at = end;
    }
  }
}

// `{{< name src="..." >}}` and `{{% ... %}}`: any shortcode's src, image or
// poster, across lines.
void ExtractHugoShortcodes(std::string_view text, size_t base, std::vector<Reference>* out) {
  for (size_t open = text.find("{{"); open != std::string_view::npos; open = text.find("{{", open)) {
    if (open + 2 >= text.size() || (text[open + 2] != '<' && text[open + 2] != '%')) {
      open += 2;
      continue;
    }
    size_t close = text.find(text[open + 2] == '<' ? ">}}" : "%}}", open);
    if (close == std::string_view::npos) return;
    std::string_view code = text.substr(open, close - open);
    size_t code_begin = open;
    open = close + 3;
    for (std::string_view attribute : {"src=", "image=", "poster="}) {
      for (size_t at = code.find(attribute); at != std::string_view::npos; at = code.find(attribute, at + 1)) {
        if (at > 0 && std::string_view(" \t\n").find(code[at - 1]) == std::string_view::npos) continue;
        size_t begin = at + attribute.size();
        char quote = begin < code.size() ? code[begin] : '\0';
        size_t end = quote == '"' || quote == '\'' ? code.find(quote, begin + 1) : std::string_view::npos;
        if (end == std::string_view::npos) continue;
        std::string_view url = code.substr(begin + 1, end - begin - 1);
        if (IsAssetUrl(url))
          out->push_back(
              {std::string(url), {base + code_begin + begin + 1, base + code_begin + end}, "hugo:shortcode", -1});
      }
    }
  }
}

// `![[target#heading|size]]` on one line: an Obsidian embed of a vault
// file. Embedded notes (no extension, or .md) are not assets.
void ExtractObsidianEmbeds(std::string_view text, size_t base, std::vector<Reference>* out) {
  for (size_t open = text.find("![["); open != std::string_view::npos; open = text.find("![[", open)) {
    size_t begin = open + 3;
    size_t close = text.find_first_of("]\n", begin);
    if (close == std::string_view::npos) return;
    open = close;
    if (text.substr(close, 2) != "]]") continue;
    std::string_view target = text.substr(begin, close - begin);
    target = target.substr(0, target.find_first_of("|#^"));
    while (!target.empty() && target.back() == ' ') target.remove_suffix(1);
    size_t dot = target.rfind('.');
    if (dot == std::string_view::npos || target.find('/', dot) != std::string_view::npos ||
        AsciiLower(target.substr(dot)) == ".md" || target.find("://") != std::string_view::npos)
      continue;
    out->push_back({PercentEncodePath(target), {base + begin, base + begin + target.size()}, "obsidian:embed", -1});
  }
}

}  // namespace

void ExtractTemplateTags(std::string_view text, size_t base, std::vector<Reference>* out) {
  ExtractHexoTags(text, base, out);
  ExtractHugoShortcodes(text, base, out);
  ExtractObsidianEmbeds(text, base, out);
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
      return std::string(WithoutLeadingSlashes(expr.substr(quote + 1, end - quote - 1)));
    }
    std::string name = AsciiLower(expr);
    name.erase(std::remove_if(name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t'; }), name.end());
    if (name != "site.baseurl" && name != "site.url") return std::nullopt;
    rest.remove_prefix(close + 2);
  }
  rest = WithoutLeadingSlashes(rest);
  if (rest.empty() || rest.find("{{") != std::string_view::npos) return std::nullopt;
  return std::string(rest);
}

// Jekyll expands Liquid before Markdown sees it, so cmark finds no image in
// "![alt]({{ site.baseurl }}/a.png)".
void ExtractLiquidImages(std::string_view text, size_t base, std::vector<Reference>* out) {
  for (size_t at = text.find("]({{"); at != std::string_view::npos; at = text.find("]({{", at + 4)) {
    size_t from = at > kMaxAltBytes ? at - kMaxAltBytes : 0;
    std::string_view before = text.substr(from, at - from);
    size_t open = before.rfind("!["), line = before.rfind('\n');
    if (open == std::string_view::npos || (line != std::string_view::npos && open < line)) continue;
    size_t begin = at + 2, end = text.find(')', begin);
    if (end == std::string_view::npos) return;  // nor for any later one
    std::string_view url = text.substr(begin, end - begin);
    if (size_t title = url.find(" \"", url.rfind("}}")); title != std::string_view::npos) url = url.substr(0, title);
    if (LiquidPath(url)) out->push_back({std::string(url), {base + begin, base + begin + url.size()}, "md:image", -1});
  }
}

}  // namespace rotproof
