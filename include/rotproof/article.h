#pragma once
// An article as read from disk: the original bytes (kept byte for byte, they
// are the evidence) plus what the loader learned about their structure.

#include <optional>
#include <string>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

// A half-open byte range [begin, end) in Article::bytes.
struct Span {
  size_t begin = 0;
  size_t end = 0;
  bool operator==(const Span&) const = default;
};

enum class ArticleKind { kMarkdown, kHtml };

// What one article may cost. Real posts stay far below each; past one, the
// article is refused with a clear error instead of stalling its batch.
inline constexpr size_t kMaxArticleBytes = size_t{16} << 20;
inline constexpr size_t kMaxFrontMatterBytes = size_t{1} << 20;
// Browsers stop nesting at 512 levels; gumbo's tree building slows with the
// square of the depth.
inline constexpr size_t kMaxHtmlDepth = 10000;
// Parsed, each element costs some 450 bytes: this bounds a page's tree near
// 225 MB.
inline constexpr size_t kMaxHtmlElements = 500000;
inline constexpr size_t kMaxReferences = 20000;

// One scalar of the YAML front matter, with where its text sits: top-level
// ("cover"), in a nested map ("cover.image") or in a list ("images[1]").
struct FrontMatterField {
  std::string key;
  std::string value;             // as YAML decodes it
  Span span;                     // the raw scalar text between its quotes, if any
  bool raw_equals_value = true;  // false when escapes make them differ
};

struct Article {
  std::string source_name;  // the path as given, for messages
  std::string slug;         // safe, deterministic name for outputs
  ArticleKind kind = ArticleKind::kMarkdown;
  std::string bytes;       // the original file
  size_t body_offset = 0;  // first byte after the front matter
  std::vector<FrontMatterField> front_matter;
  std::string title;  // front matter `title`, or empty
  // The encoding the text declares (<meta charset>, a live page's
  // Content-Type), lowercase; read only when the bytes are not UTF-8.
  std::string charset;

  // The value of front-matter `key` (a path for nested ones), or nullptr.
  const FrontMatterField* Field(const std::string& key) const;
};

// Reads and parses the file at `path`. Errors (one line, naming the file):
// NotFound for a missing file, InvalidInput for a binary file, front matter
// that is not valid YAML, or an article over one of the limits above. Text
// that is not UTF-8 is accepted as bytes.
Result<Article> LoadArticle(const std::string& path);

// As LoadArticle, from bytes already in memory; `name` picks the kind by its
// extension (.html/.htm are HTML, everything else Markdown).
Result<Article> ParseArticle(const std::string& name, std::string bytes);

// The article's own date, its front matter's `date` (ISO 8601, or an RFC
// 822/850 date as some exports write it), as 14 digits YYYYMMDDhhmmss;
// nullopt when it has none that reads as a date.
std::optional<std::string> ArticleOwnTimestamp(const Article& article);
// The same date as "YYYY-MM-DD", or "" when it has none.
std::string ArticleOwnDay(const Article& article);

// A file-name-safe slug for `path`: its stem with unsafe characters
// replaced; for index.md, _index.md and README.md, its directory's name.
std::string SlugFor(const std::string& path);

}  // namespace rotproof
