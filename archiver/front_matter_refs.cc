// Pictures in the front matter: by key, or by value under any key.

#include <algorithm>

#include "reference_forms.h"
#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

// The last name of a front-matter key path: "image" of "cover.image",
// "images" of "images[2]".
std::string_view LastName(std::string_view key) {
  key = key.substr(0, key.find('['));
  size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

// Keys that blog engines and themes give pictures (Hexo, Butterfly, Hugo,
// Jekyll): any URL under them is one.
bool IsKnownImageKey(std::string_view name) {
  static constexpr std::string_view kKeys[] = {"headimg", "thumbnail",      "cover",   "top_img",  "image", "images",
                                               "banner",  "featured_image", "feature", "og_image", "photos"};
  std::string lower = AsciiLower(name);
  return std::find(std::begin(kKeys), std::end(kKeys), lower) != std::end(kKeys);
}

// A value that names a picture by itself, whatever its key: its path, or the
// URL it carries, ends in an image extension ("...a.jpg", "...?url=...a.png").
bool LooksLikeImageUrl(std::string_view value) {
  // A URL or a path, not a sentence that mentions a file.
  if (value.find_first_of(" \t\n") != std::string_view::npos || value.find('/') == std::string_view::npos) return false;
  // Where a path ends: the value's end, or a delimiter of a query or suffix.
  for (size_t end = value.find_first_of("?&#!@"); end != std::string_view::npos;
       end = value.find_first_of("?&#!@", end + 1))
    if (EndsWithImageExtension(value.substr(0, end))) return true;
  return EndsWithImageExtension(value);
}

bool IsImageField(const FrontMatterField& f, const ExtractOptions& options) {
  if (!options.front_matter_keys.empty())
    return std::find(options.front_matter_keys.begin(), options.front_matter_keys.end(), f.key) !=
           options.front_matter_keys.end();
  return IsKnownImageKey(LastName(f.key)) || LooksLikeImageUrl(f.value);
}

}  // namespace

void ExtractFrontMatter(const Article& article, const ExtractOptions& options, std::vector<Reference>* out) {
  for (const FrontMatterField& f : article.front_matter)
    if (f.raw_equals_value && IsAssetUrl(f.value) && IsImageField(f, options))
      out->push_back({f.value, f.span, "fm:" + f.key, -1});
}

}  // namespace rotproof
