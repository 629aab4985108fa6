// Where each layout puts a restored article and its assets (docs/sites.md).

#include <algorithm>

#include "rotproof/article.h"
#include "rotproof/restore.h"
#include "rotproof/text.h"

namespace rotproof {

Result<RestoreLayout> ParseRestoreLayout(std::string_view name) {
  if (name == "dir") return RestoreLayout::kDir;
  if (name == "hexo") return RestoreLayout::kHexo;
  if (name == "hugo") return RestoreLayout::kHugo;
  if (name == "jekyll") return RestoreLayout::kJekyll;
  return Status::InvalidInput("layout '" + std::string(name) + "': dir, hexo, hugo or jekyll");
}

LayoutPaths PathsFor(RestoreLayout layout, const std::string& slug, const std::string& date,
                     const std::string& extension) {
  switch (layout) {
    case RestoreLayout::kDir:
      return {slug + "/index" + extension, slug + "/assets", "assets/"};
    case RestoreLayout::kHexo:
      return {"source/_posts/" + slug + extension, "source/_posts/" + slug, ""};
    case RestoreLayout::kHugo:
      return {"content/posts/" + slug + "/index" + extension, "content/posts/" + slug, ""};
    case RestoreLayout::kJekyll:
      return {"_posts/" + date + "-" + slug + extension, "assets/images/" + slug, "/assets/images/" + slug + "/"};
  }
  return {};
}

std::string ArticleDate(const std::string& name, std::string bytes, const std::string& fallback) {
  auto article = ParseArticle(name, std::move(bytes));
  const FrontMatterField* date = article.ok() ? article->Field("date") : nullptr;
  if (date == nullptr || date->value.size() < 10) return fallback;
  std::string day = date->value.substr(0, 10);
  bool iso = std::all_of(day.begin(), day.end(), [](char c) { return IsAsciiDigit(c) || c == '-'; }) && day[4] == '-' &&
             day[7] == '-';
  return iso ? day : fallback;
}

}  // namespace rotproof
