// Blog source trees: which engine, where it serves each page, which files it
// serves as they are. The engines' own URL rules, as their documentation
// states them (docs/sites.md has the table).

#include "rotproof/site.h"

#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

// A config file larger than this is not a blog's config.
constexpr uintmax_t kMaxConfigBytes = 1 << 20;
// Directories looked at above an article for its site's config.
constexpr int kMaxSiteDepth = 32;
constexpr char kDefaultBaseUrl[] = "http://localhost/";

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

std::optional<std::string> ReadConfig(const fs::path& p) {
  std::error_code ec;
  uintmax_t size = fs::file_size(p, ec);
  if (ec || size > kMaxConfigBytes) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  std::string text(size, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return text;
}

// The config's top-level scalars (keys lowercased): all the sites need.
std::map<std::string, std::string> ConfigScalars(const fs::path& p) {
  std::map<std::string, std::string> out;
  std::optional<std::string> text = ReadConfig(p);
  if (!text) return out;
  if (p.extension() == ".toml") {
    try {
      toml::table table = toml::parse(*text);
      for (auto&& [key, value] : table) {
        if (auto s = value.value<std::string>()) out[AsciiLower(key.str())] = *s;
        if (auto b = value.value<bool>()) out[AsciiLower(key.str())] = *b ? "true" : "false";
      }
    } catch (const toml::parse_error&) {
    }
    return out;
  }
  try {  // YAML, and JSON as the YAML it is
    YAML::Node root = YAML::Load(*text);
    if (!root.IsMap()) return out;
    for (const auto& kv : root)
      if (kv.first.IsScalar() && kv.second.IsScalar()) out[AsciiLower(kv.first.Scalar())] = kv.second.Scalar();
  } catch (const YAML::Exception&) {
  }
  return out;
}

std::string Lookup(const std::map<std::string, std::string>& config, const std::string& key) {
  auto it = config.find(key);
  return it == config.end() ? "" : it->second;
}

std::string WithTrailingSlash(std::string url) {
  if (url.empty() || url.back() != '/') url += '/';
  return url;
}

// The configured site URL, if it is an absolute http(s) URL.
std::string ConfiguredBase(const Site& site, const std::map<std::string, std::string>& config) {
  std::string url;
  if (site.engine == Site::Engine::kHugo) {
    url = Lookup(config, "baseurl");
  } else {
    url = Lookup(config, "url");
    std::string sub = Lookup(config, site.engine == Site::Engine::kHexo ? "root" : "baseurl");
    sub.erase(0, sub.find_first_not_of('/'));
    auto parts = SplitUrl(url);
    bool has_path = parts && parts->path.size() > 1;
    if (!url.empty() && !has_path && !sub.empty()) url = WithTrailingSlash(url) + sub;
  }
  if (!IsLiveUrl(url)) return "";
  return WithTrailingSlash(CanonicalUrl(url));
}

std::optional<Site> ReadSiteConfig(const fs::path& dir) {
  Site site;
  fs::path config;
  for (const char* name : {"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"})
    if (IsFile(dir / name)) config = dir / name;
  if (config.empty() && IsDir(dir / "content"))
    for (const char* name : {"config.toml", "config.yaml", "config.yml"})
      if (IsFile(dir / name)) config = dir / name;
  if (!config.empty()) {
    site.engine = Site::Engine::kHugo;
  } else if (IsDir(dir / ".obsidian")) {
    config = dir / ".obsidian" / "app.json";
    site.engine = Site::Engine::kObsidian;
  } else if (IsFile(dir / "_config.yml")) {
    config = dir / "_config.yml";
    site.engine = IsDir(dir / "source") || IsDir(dir / "scaffolds") ? Site::Engine::kHexo : Site::Engine::kJekyll;
  } else {
    return std::nullopt;
  }
  site.root = dir.string();
  std::map<std::string, std::string> values = ConfigScalars(config);
  site.base_url = ConfiguredBase(site, values);
  site.permalink = Lookup(values, "permalink");
  site.post_asset_folder = Lookup(values, "post_asset_folder") == "true";
  site.attachments = Lookup(values, "attachmentfolderpath");
  return site;
}

// Replaces each ":name" of `pattern` found in `tokens`; others stay.
std::string Expand(const std::string& pattern, const std::map<std::string, std::string>& tokens) {
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    size_t end = i + 1;
    while (end < pattern.size() && (std::isalnum(static_cast<unsigned char>(pattern[end])) || pattern[end] == '_'))
      ++end;
    auto token = pattern[i] == ':' ? tokens.find(pattern.substr(i + 1, end - i - 1)) : tokens.end();
    if (token == tokens.end()) {
      out += pattern[i++];
    } else {
      out += token->second;
      i = end;
    }
  }
  return out;
}

// A URL path without empty segments: "/a//b/" → "a/b/".
std::string TidyPath(const std::string& path) {
  std::string out;
  for (char c : path)
    if (c != '/' || (!out.empty() && out.back() != '/')) out += c;
  return out;
}

std::string NoZero(const std::string& two_digits) { return two_digits[0] == '0' ? two_digits.substr(1) : two_digits; }

std::map<std::string, std::string> DateTokens(const std::string& ts) {
  return {{"year", ts.substr(0, 4)},          {"month", ts.substr(4, 2)},
          {"day", ts.substr(6, 2)},           {"i_month", NoZero(ts.substr(4, 2))},
          {"i_day", NoZero(ts.substr(6, 2))}, {"hour", ts.substr(8, 2)},
          {"minute", ts.substr(10, 2)},       {"second", ts.substr(12, 2)}};
}

// The article's front-matter list (or space-separated scalar) `key`, joined with '/'.
std::string JoinedField(const Article& a, const std::string& key) {
  std::string out;
  if (const FrontMatterField* f = a.Field(key)) {
    for (char c : f->value) out += c == ' ' ? '/' : c;
    return out;
  }
  for (int i = 0;; ++i) {
    const FrontMatterField* f = a.Field(key + "[" + std::to_string(i) + "]");
    if (f == nullptr) return out;
    out += (out.empty() ? "" : "/") + f->value;
  }
}

std::string Relative(const fs::path& path, const fs::path& dir) {
  return path.lexically_relative(dir).generic_string();
}

std::string StripExtension(const std::string& path) {
  size_t dot = path.rfind('.'), slash = path.rfind('/');
  return dot == std::string::npos || (slash != std::string::npos && dot < slash) ? path : path.substr(0, dot);
}

SitePage HexoPage(const Site& site, const fs::path& file, const Article& article, const std::string& ts) {
  fs::path source = fs::path(site.root) / "source";
  std::string rel = Relative(file, source);
  SitePage page;
  if (rel.starts_with("_posts/")) {
    std::string title = StripExtension(rel.substr(7));
    std::map<std::string, std::string> tokens = DateTokens(ts);
    tokens["title"] = tokens["post_title"] = title;
    tokens["name"] = title.substr(title.rfind('/') + 1);
    tokens["category"] = JoinedField(article, "categories");
    const FrontMatterField* own = article.Field("permalink");
    std::string pattern = own ? own->value : site.permalink.empty() ? ":year/:month/:day/:title/" : site.permalink;
    std::string path = TidyPath(Expand(pattern, tokens));
    // The post's asset folder is served at its permalink's folder, and
    // Hexo's renderers resolve the post's relative paths there.
    page.url = site.base_url + (path.ends_with(".html") ? StripExtension(path) + "/" : WithTrailingSlash(path));
    if (site.post_asset_folder) page.roots.push_back({page.url, (source / "_posts" / title).string()});
  } else {
    page.url = site.base_url + StripExtension(rel) + ".html";
  }
  page.roots.push_back({site.base_url, source.string()});
  return page;
}

SitePage HugoPage(const Site& site, const fs::path& file, const Article& article) {
  fs::path content = fs::path(site.root) / "content";
  std::string rel = Relative(file, content);
  std::string stem = file.stem().string();
  bool bundle = stem == "index" || stem == "_index";
  std::string path = bundle ? Relative(file.parent_path(), content) : StripExtension(rel);
  if (path == ".") path.clear();
  if (const FrontMatterField* slug = article.Field("slug"); slug && !slug->value.empty() && stem != "_index")
    path = path.substr(0, path.rfind('/') + 1) + slug->value;
  path = AsciiLower(path);  // Hugo lowercases paths unless disablePathToLower
  if (const FrontMatterField* url = article.Field("url"); url && !url->value.empty()) path = url->value;
  SitePage page;
  page.url = site.base_url + WithTrailingSlash(TidyPath(path));
  if (page.url.ends_with("//")) page.url.pop_back();
  if (bundle) page.roots.push_back({page.url, file.parent_path().string()});
  page.roots.push_back({site.base_url, (fs::path(site.root) / "static").string()});
  return page;
}

SitePage JekyllPage(const Site& site, const fs::path& file, const Article& article, const std::string& ts) {
  std::string rel = Relative(file, site.root);
  std::string name = file.stem().string();
  bool post = rel.find("_posts/") != std::string::npos && name.size() > 11 && name[4] == '-' && name[7] == '-' &&
              name[10] == '-';
  SitePage page;
  if (post) {
    std::string date =
        article.Field("date") ? ts : name.substr(0, 4) + name.substr(5, 2) + name.substr(8, 2) + "000000";
    std::map<std::string, std::string> tokens = DateTokens(date);
    tokens["title"] = tokens["slug"] = name.substr(11);
    tokens["categories"] = JoinedField(article, "categories");
    if (tokens["categories"].empty()) tokens["categories"] = JoinedField(article, "category");
    tokens["output_ext"] = ".html";
    static const std::map<std::string, std::string> kStyles = {
        {"date", "/:categories/:year/:month/:day/:title:output_ext"},
        {"pretty", "/:categories/:year/:month/:day/:title/"},
        {"ordinal", "/:categories/:year/:y_day/:title:output_ext"},
        {"none", "/:categories/:title:output_ext"}};
    const FrontMatterField* own = article.Field("permalink");
    std::string pattern = own ? own->value : site.permalink.empty() ? "date" : site.permalink;
    if (auto style = kStyles.find(pattern); style != kStyles.end()) pattern = style->second;
    page.url = site.base_url + TidyPath(Expand(pattern, tokens));
  } else if (const FrontMatterField* own = article.Field("permalink")) {
    page.url = site.base_url + TidyPath(own->value);
  } else {
    page.url = site.base_url + StripExtension(rel) + ".html";
  }
  page.roots.push_back({site.base_url, site.root});
  return page;
}

SitePage ObsidianPage(const Site& site, const fs::path& file) {
  fs::path note_dir = file.parent_path();
  std::string dir = Relative(note_dir, site.root);
  SitePage page;
  page.url = site.base_url + PercentEncodePath(Relative(file, site.root));
  std::string dir_url = dir == "." ? site.base_url : site.base_url + PercentEncodePath(dir) + "/";
  const std::string& attachments = site.attachments;
  if (attachments.starts_with("./"))
    page.roots.push_back({dir_url, (note_dir / attachments.substr(2)).string()});
  else if (!attachments.empty() && attachments != "/")
    page.roots.push_back({dir_url, (fs::path(site.root) / attachments).string()});
  page.roots.push_back({dir_url, note_dir.string()});
  page.roots.push_back({site.base_url, site.root});
  return page;
}

bool IsServedSegment(std::string_view segment) { return !segment.empty() && segment[0] != '.' && segment[0] != '_'; }

}  // namespace

const char* EngineName(Site::Engine engine) {
  switch (engine) {
    case Site::Engine::kHexo:
      return "hexo";
    case Site::Engine::kHugo:
      return "hugo";
    case Site::Engine::kJekyll:
      return "jekyll";
    case Site::Engine::kObsidian:
      return "obsidian";
  }
  return "";
}

std::optional<Site> SiteRootedAt(const std::string& dir, const std::string& base_url) {
  std::optional<Site> site = ReadSiteConfig(dir);
  if (!site) return site;
  if (IsLiveUrl(base_url)) site->base_url = WithTrailingSlash(CanonicalUrl(base_url));
  if (site->base_url.empty()) site->base_url = kDefaultBaseUrl;
  return site;
}

std::string ContentDir(const Site& site) {
  switch (site.engine) {
    case Site::Engine::kHexo:
      return (fs::path(site.root) / "source").string();
    case Site::Engine::kHugo:
      return (fs::path(site.root) / "content").string();
    case Site::Engine::kJekyll:
    case Site::Engine::kObsidian:
      return site.root;
  }
  return site.root;
}

bool IsToolDirectory(std::string_view name) {
  static const std::set<std::string_view> kNames = {"node_modules", "vendor", "_site", "_layouts",
                                                    "_includes",    "_sass",  "_data", "_plugins"};
  return name.starts_with('.') || kNames.count(name) > 0;
}

std::optional<Site> FindSite(const std::string& article_path, const std::string& base_url) {
  std::error_code ec;
  fs::path dir = fs::absolute(article_path, ec).parent_path();
  if (ec) return std::nullopt;
  for (int depth = 0; depth < kMaxSiteDepth && !dir.empty(); ++depth) {
    if (std::optional<Site> site = SiteRootedAt(dir.string(), base_url)) return site;
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

SitePage PageOf(const Site& site, const std::string& article_path, const Article& article,
                const std::string& timestamp) {
  std::error_code ec;
  fs::path file = fs::absolute(article_path, ec);
  switch (site.engine) {
    case Site::Engine::kHexo:
      return HexoPage(site, file, article, timestamp);
    case Site::Engine::kHugo:
      return HugoPage(site, file, article);
    case Site::Engine::kJekyll:
      return JekyllPage(site, file, article, timestamp);
    case Site::Engine::kObsidian:
      return ObsidianPage(site, file);
  }
  return {};
}

std::string LocalFileFor(const SitePage& page, const std::string& url) {
  std::string_view target = url;
  target = target.substr(0, target.find_first_of("?#"));
  for (const auto& [prefix, dir] : page.roots) {
    if (!target.starts_with(prefix)) continue;
    std::string rest = PercentDecode(target.substr(prefix.size()));
    fs::path path = dir;
    bool served = !rest.empty();
    for (size_t at = 0; served && at <= rest.size();) {
      size_t slash = std::min(rest.find('/', at), rest.size());
      std::string_view segment = std::string_view(rest).substr(at, slash - at);
      served = IsServedSegment(segment) && segment.find('\0') == std::string_view::npos;
      path /= segment;
      at = slash + 1;
    }
    if (!served) continue;
    std::error_code ec;
    fs::path real = fs::weakly_canonical(path, ec);
    fs::path real_root = fs::weakly_canonical(dir, ec);
    if (ec || !IsFile(real) || Relative(real, real_root).starts_with("..")) continue;
    return path.string();
  }
  return "";
}

}  // namespace rotproof
