// Where each layout puts a restored article and its assets (docs/sites.md).

#include "rotproof/article.h"
#include "rotproof/restore.h"

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
  std::string day = article.ok() ? ArticleOwnDay(*article) : "";
  return day.empty() ? fallback : day;
}

}  // namespace rotproof
