#pragma once
// A blog's source tree (Hexo, Hugo, Jekyll): the URL each post is served at
// and the files the site serves as they are, so that a post's relative
// references are archived from disk, at the URL the site gives them, rather
// than from a server that may be gone.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rotproof/article.h"

namespace rotproof {

struct Site {
  enum class Engine { kHexo, kHugo, kJekyll, kObsidian };
  Engine engine = Engine::kHexo;
  std::string root;                // the directory holding the config file
  std::string base_url;            // where the site is served, ending in '/'
  std::string permalink;           // Hexo/Jekyll: the posts' URL pattern, as configured
  bool post_asset_folder = false;  // Hexo: each post's files in a folder of its name
  std::string attachments;         // Obsidian: attachmentFolderPath ("./x": beside the note)
};

// The engine's name, as users write it: "hexo", "hugo", "jekyll",
// "obsidian" (a vault, served nowhere: its notes are pages at their paths).
const char* EngineName(Site::Engine engine);

// The site whose source tree holds the file `article_path`: the nearest
// directory above it with an engine's config file (Hugo: hugo.toml|yaml|json,
// or config.toml|yaml with content/; Hexo: _config.yml with source/ or
// scaffolds/; Jekyll: any other _config.yml; an Obsidian vault: .obsidian/,
// whose app.json names the attachment folder). A config that does not parse
// still makes a site, with the engine's defaults. `base_url` (--base-url),
// when set, replaces the configured URL; with neither, the site is
// http://localhost/ (where `hexo server` and `hugo server` serve it), so
// only its local files are archived. nullopt when there is no site.
std::optional<Site> FindSite(const std::string& article_path, const std::string& base_url);

// The site whose config file is in `dir` itself, as FindSite reads it.
std::optional<Site> SiteRootedAt(const std::string& dir, const std::string& base_url);

// Where `site` keeps the pages it builds: Hexo's source/, Hugo's content/,
// Jekyll's root.
std::string ContentDir(const Site& site);

// True for a directory no engine reads pages from: hidden ones, package
// and build folders (node_modules, vendor, _site), Jekyll's templates and
// data (_layouts, _includes, _sass, _data, _plugins).
bool IsToolDirectory(std::string_view name);

// Where one article sits on its site.
struct SitePage {
  std::string url;  // the page's URL, which its relative references resolve against
  // URL prefixes and the directories whose files are served under them,
  // most specific first: a page bundle or post asset folder, then the
  // site's static files.
  std::vector<std::pair<std::string, std::string>> roots;
};

// The page `article_path` becomes under the engine's URL rules: Hexo's
// permalink (default :year/:month/:day/:title/), Hugo's section path
// (a page bundle's index.md is its folder), Jekyll's permalink (default
// "date": /:categories/:year/:month/:day/:title.html), an Obsidian note's
// path (its embeds found in the attachment folder, the note's folder, then
// from the vault's root); front matter `slug`,
// `url` and `permalink` as each engine reads them. `timestamp` is the
// article's date, YYYYMMDDhhmmss.
SitePage PageOf(const Site& site, const std::string& article_path, const Article& article,
                const std::string& timestamp);

// The file of `page`'s roots served at `url`, or "" when none: a regular
// file inside a root, reached through no "..", hidden or '_' segment and no
// symbolic link out of the root.
std::string LocalFileFor(const SitePage& page, const std::string& url);

}  // namespace rotproof
