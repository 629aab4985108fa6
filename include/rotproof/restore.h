#pragma once
// Restore: an archived article and its assets, readable with no network.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/offline_page.h"
#include "rotproof/rewrite.h"
#include "rotproof/status.h"

namespace rotproof {

// Where a restored article and its assets go (docs/sites.md's table):
// kDir, OUT/<slug>/index.md with OUT/<slug>/assets/; or back into a blog's
// source tree at OUT, as its engine expects them.
enum class RestoreLayout { kDir, kHexo, kHugo, kJekyll };

// "dir", "hexo", "hugo", "jekyll". Errors: InvalidInput naming the others.
Result<RestoreLayout> ParseRestoreLayout(std::string_view name);

// The places a layout gives one article, relative to OUT.
struct LayoutPaths {
  std::string article;     // the post's file
  std::string assets_dir;  // where its assets go
  std::string prefix;      // what a reference to asset X reads: prefix + X
};

// Hexo: source/_posts/<slug>.md, assets in its post asset folder
// source/_posts/<slug>/ referenced by bare name (post_asset_folder: true;
// Markdown images resolve there with hexo-renderer-marked's postAsset);
// Hugo: the page bundle content/posts/<slug>/index.md with its assets
// beside it; Jekyll: _posts/<date>-<slug>.md with assets under
// assets/images/<slug>/, referenced site-absolute. `date` is YYYY-MM-DD,
// `extension` the article's (".md", ".html").
LayoutPaths PathsFor(RestoreLayout layout, const std::string& slug, const std::string& date,
                     const std::string& extension);

// The article's own date (its front matter's, YYYY-MM-DD), else
// `fallback`: Jekyll names a post by it. `name` picks the article's kind.
std::string ArticleDate(const std::string& name, std::string bytes, const std::string& fallback);

struct RestoreOptions {
  // Restore what is intact even when verification fails; everything skipped
  // is listed in RestoreReport::skipped.
  bool force = false;
  RestoreLayout layout = RestoreLayout::kDir;
  // Localize (localize.h): the article goes back to in_place->article, an
  // existing file that must still hold exactly the archived original and is
  // replaced, with its assets where in_place says. Any layout but kDir.
  std::optional<LayoutPaths> in_place;
  // With in_place: write nothing; the report carries the new bytes.
  bool dry_run = false;
};

struct RestoreReport {
  std::string article_dir;           // OUT/<slug> (the layout's assets directory)
  std::string article_path;          // OUT/<slug>/index.md (or index.html; the layout's post)
  size_t assets = 0;                 // files written for it
  std::string reader_page;           // kDir: OUT/<slug>/index.html, the article for a browser
  ArticleFacts facts;                // what the reader page's header says
  std::vector<std::string> skipped;  // with force: what was not restored, and why
  // In place: the article's new bytes, the splices on them that give back
  // the original, and the asset files placed that did not exist before
  // (relative to OUT).
  std::string rewritten;
  std::vector<Splice> undo;
  std::vector<std::string> created;
};

// What restoring an article writes, as its manifest (untrusted JSON) says.
struct RestorePlan {
  std::string slug;  // the article's directory: a safe file name
  struct File {
    std::string label;        // the manifest's local path, for messages
    std::string path;         // relative to the article's directory
    std::string record_id;    // the record holding its payload
    std::string digest;       // of the stored payload
    std::vector<Splice> css;  // url() splices, for a stylesheet
    std::string problem;      // why it cannot be restored ("" when it can)
  };
  // The rewritten article first, then each asset once. Unsafe names and
  // names that collide where case or normalization is ignored come with
  // their problem.
  std::vector<File> files;
  // For the other layouts, which write the article afresh: the original
  // article, and every splice the rewrite made, with the asset file name a
  // reference splices in (without "assets/") or the other rewrite's text.
  File original;
  struct Reference {
    Span span;
    std::string asset;  // "" for an other rewrite
    std::string text;   // an other rewrite's text
  };
  std::vector<Reference> splices;
  std::string date;          // the article's date, YYYY-MM-DD (its front matter's, or the capture's)
  ArticleFacts facts;        // but the date, which the article's bytes give
  std::string header_image;  // the first restored front-matter image, as the rewritten article names it
};

// Reads the plan from a manifest. Errors: Corruption for JSON that is not a
// manifest or an unsafe article name. Never throws.
Result<RestorePlan> PlanRestore(std::string_view manifest_json);

// Verifies `archive`, then writes OUT/<slug>/index.md (the rewritten article;
// article.html for an HTML one), OUT/<slug>/assets/* so every rewritten
// reference resolves to a file, and OUT/<slug>/index.html, the reader page
// (offline_page.h);
// with another layout, the article and its assets where that engine
// expects them (PathsFor), the article rewritten from the original with
// the layout's references and only the reference spans changed. Nothing is
// written outside `out_dir`: names are single safe path components, and
// names that collide case-insensitively are refused. Everything is staged
// first; in a site tree no existing file is replaced (an asset with the
// same bytes is left as it is). Errors: InvalidInput for an unreadable
// archive or an existing OUT/<slug> (or post); Corruption when verification
// finds defects or a name is unsafe (unless options.force).
Result<RestoreReport> RestoreArchive(const std::string& archive, const std::string& out_dir,
                                     const RestoreOptions& options = {});

// Every article `archive` holds, restored as RestoreArchive restores one,
// in any layout: an article archive's, or each of a package's (rotproof
// pack), in one pass over it. A package's shared payloads, stored once, are
// written for every article that has them. Not with options.in_place, which
// concerns one post. Errors: as RestoreArchive, for the archive as a whole
// (a package with in_place is InvalidInput); each article's own error is its
// entry.
Result<std::vector<Result<RestoreReport>>> RestoreArticles(const std::string& archive, const std::string& out_dir,
                                                           const RestoreOptions& options = {});

// Every article `archive` holds as it was captured: `archive` verified,
// each original record's payload written to `dir`/<the source's file name>
// (a live page's as <slug>.html), a package's each under `dir`/<slug>/.
// Returns those files, with the source each was read from and the
// article's name. Errors: as RestoreArchive.
struct CapturedArticle {
  std::string file;
  std::string source;
  std::string slug;
};
Result<std::vector<CapturedArticle>> ExtractOriginals(const std::string& archive, const std::string& dir);

// The archives `args` name: files as given, and each directory's .wacz
// files (searched recursively, sorted). Errors: NotFound for an argument
// that does not exist, InvalidInput for a directory with no archive.
Result<std::vector<std::string>> ExpandArchives(const std::vector<std::string>& args);

}  // namespace rotproof
