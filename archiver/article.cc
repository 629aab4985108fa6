#include "rotproof/article.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "rotproof/file_handle.h"
#include "rotproof/text.h"
#include "rotproof/url.h"
#include "rotproof/warc.h"

namespace rotproof {
namespace {

// Returns the end of the line starting at `pos` (index of '\n' or size).
size_t LineEnd(const std::string& s, size_t pos) {
  size_t e = s.find('\n', pos);
  return e == std::string::npos ? s.size() : e;
}

// True when the line [pos, end) is `fence` followed only by spaces or \r.
bool IsFence(const std::string& s, size_t pos, size_t end, std::string_view fence) {
  if (s.compare(pos, fence.size(), fence) != 0) return false;
  for (size_t i = pos + fence.size(); i < end; ++i)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
  return true;
}

struct FrontMatterBounds {
  size_t yaml_begin = 0, yaml_end = 0, body_begin = 0;
};

// Hexo/Jekyll/Hugo front matter: optional blank lines, a `---` line, YAML,
// then a `---` or `...` line. Without a closing fence there is none.
std::optional<FrontMatterBounds> FindFrontMatter(const std::string& s, size_t start) {
  size_t pos = start;
  while (pos < s.size()) {
    size_t end = LineEnd(s, pos);
    bool blank = std::all_of(s.begin() + pos, s.begin() + end, [](char c) { return c == ' ' || c == '\r'; });
    if (!blank) break;
    pos = end + 1;
  }
  if (pos >= s.size() || !IsFence(s, pos, LineEnd(s, pos), "---")) return std::nullopt;
  FrontMatterBounds b;
  b.yaml_begin = LineEnd(s, pos) + 1;
  for (size_t line = b.yaml_begin; line < s.size();) {
    size_t end = LineEnd(s, line);
    if (IsFence(s, line, end, "---") || IsFence(s, line, end, "...")) {
      b.yaml_end = line;
      b.body_begin = std::min(end + 1, s.size());
      return b;
    }
    line = end + 1;
  }
  return std::nullopt;
}

// The raw text of the scalar that starts at `pos`, without its quotes.
// Plain scalars end at the line end or at " #".
Span RawScalar(const std::string& s, size_t pos) {
  size_t end = LineEnd(s, pos);
  if (pos >= end) return {pos, pos};
  char q = s[pos];
  if (q == '\'' || q == '"') {
    for (size_t i = pos + 1; i < end; ++i) {
      if (q == '"' && s[i] == '\\') {
        ++i;
      } else if (s[i] == q) {
        if (q == '\'' && i + 1 < end && s[i + 1] == '\'') {
          ++i;
        } else {
          return {pos + 1, i};
        }
      }
    }
    return {pos + 1, end};
  }
  // Searched up to the line's end only: to the file's end, it made front
  // matter with many keys quadratic.
  size_t comment = std::string_view(s).substr(pos, end - pos).find(" #");
  if (comment != std::string_view::npos) end = pos + comment;
  while (end > pos && (s[end - 1] == ' ' || s[end - 1] == '\r' || s[end - 1] == '\t')) --end;
  return {pos, end};
}

// Nested front matter deeper than this is not searched for URLs.
constexpr int kMaxFrontMatterDepth = 16;

// Every scalar under `node`, depth first, keyed by its path.
void CollectScalars(const YAML::Node& node, const std::string& path, const std::string& yaml, size_t yaml_begin,
                    int depth, std::vector<FrontMatterField>* out) {
  if (depth > kMaxFrontMatterDepth) return;
  if (node.IsScalar() && !path.empty()) {
    FrontMatterField f;
    f.key = path;
    f.value = node.Scalar();
    Span raw = RawScalar(yaml, static_cast<size_t>(node.Mark().pos));
    // In a flow list ("[a.png, b.png]") a plain scalar ends before the ','.
    if (raw.end - raw.begin > f.value.size() && yaml.compare(raw.begin, f.value.size(), f.value) == 0)
      raw.end = raw.begin + f.value.size();
    f.raw_equals_value = yaml.compare(raw.begin, raw.end - raw.begin, f.value) == 0;
    f.span = {yaml_begin + raw.begin, yaml_begin + raw.end};
    out->push_back(std::move(f));
  } else if (node.IsMap()) {
    for (const auto& kv : node)
      if (kv.first.IsScalar())
        CollectScalars(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(), yaml, yaml_begin,
                       depth + 1, out);
  } else if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i)
      CollectScalars(node[i], path + "[" + std::to_string(i) + "]", yaml, yaml_begin, depth + 1, out);
  }
}

Status ParseFrontMatter(const FrontMatterBounds& b, Article* a) {
  size_t first_line = 1 + static_cast<size_t>(std::count(a->bytes.begin(), a->bytes.begin() + b.yaml_begin, '\n'));
  if (b.yaml_end - b.yaml_begin > kMaxFrontMatterBytes)
    return Status::InvalidInput(a->source_name + ":" + std::to_string(first_line) + ": front matter of " +
                                std::to_string(b.yaml_end - b.yaml_begin) + " bytes; rotproof reads at most " +
                                std::to_string(kMaxFrontMatterBytes));
  const std::string yaml = a->bytes.substr(b.yaml_begin, b.yaml_end - b.yaml_begin);
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(a->source_name + ":" + std::to_string(first_line + e.mark.line) +
                                ": front matter is not valid YAML: " + e.msg);
  }
  if (root.IsNull()) return Status::Ok();
  if (!root.IsMap())
    return Status::InvalidInput(a->source_name + ":" + std::to_string(first_line) +
                                ": front matter is not a YAML mapping");
  CollectScalars(root, "", yaml, b.yaml_begin, 0, &a->front_matter);
  return Status::Ok();
}

struct HtmlShape {
  size_t elements = 0;  // start tags
  size_t depth = 0;     // estimated deepest nesting
};

// The HTML in `text` as gumbo will build it, estimated in one pass over its
// tags: how many elements (its tree costs some 450 bytes each) and how deep
// they nest. For depth, void elements and those the parser closes by itself
// (p, li, td...) do not count, so legacy pages that never close them stay
// shallow.
HtmlShape ShapeOfHtml(std::string_view text) {
  static const std::set<std::string, std::less<>> kNotNesting = {
      "area",  "base",  "br",       "col",     "embed",    "hr",   "img", "input", "link",
      "meta",  "param", "source",   "track",   "wbr",      "p",    "li",  "dt",    "dd",
      "tr",    "td",    "th",       "option",  "optgroup", "rb",   "rt",  "rp",    "thead",
      "tbody", "tfoot", "colgroup", "caption", "html",     "head", "body"};
  HtmlShape shape;
  size_t depth = 0;
  for (size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    bool closing = at + 1 < text.size() && text[at + 1] == '/';
    size_t name_begin = at + 1 + (closing ? 1 : 0);
    size_t name_end = name_begin;
    while (name_end < text.size() && std::isalnum(static_cast<unsigned char>(text[name_end]))) ++name_end;
    if (name_end == name_begin || !std::isalpha(static_cast<unsigned char>(text[name_begin]))) continue;
    if (!closing) ++shape.elements;
    std::string name(text.substr(name_begin, name_end - name_begin));
    name = AsciiLower(name);
    if (kNotNesting.count(name)) continue;
    if (closing) {
      depth -= depth > 0 ? 1 : 0;
    } else {
      shape.depth = std::max(shape.depth, ++depth);
    }
  }
  return shape;
}

bool HasExtension(const std::string& name, std::initializer_list<const char*> exts) {
  std::string ext = std::filesystem::path(name).extension().string();
  ext = AsciiLower(ext);
  return std::any_of(exts.begin(), exts.end(), [&](const char* e) { return ext == e; });
}

}  // namespace

const FrontMatterField* Article::Field(const std::string& key) const {
  for (const auto& f : front_matter)
    if (f.key == key) return &f;
  return nullptr;
}

std::optional<std::string> ArticleOwnTimestamp(const Article& article) {
  const FrontMatterField* f = article.Field("date");
  if (f == nullptr) return std::nullopt;
  // The wall-clock time as written: a zone, when there is one, is not applied.
  static const std::regex kIso(R"(^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?)");
  std::smatch m;
  if (std::regex_search(f->value, m, kIso)) {
    auto part = [&m](size_t i) { return m[i].matched ? std::stoi(m[i].str()) : 0; };
    int month = part(2), day = part(3), hour = part(4), minute = part(5), second = part(6);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    char digits[64];  // room for any int, so the compiler sees no truncation
    std::snprintf(digits, sizeof digits, "%04d%02d%02d%02d%02d%02d", part(1), month, day, hour, minute, second);
    return digits;
  }
  time_t t = curl_getdate(f->value.c_str(), nullptr);
  if (t < 0) return std::nullopt;
  return Timestamp14(t);
}

std::string ArticleOwnDay(const Article& article) {
  std::optional<std::string> ts = ArticleOwnTimestamp(article);
  return ts ? ts->substr(0, 4) + "-" + ts->substr(4, 2) + "-" + ts->substr(6, 2) : "";
}

std::string SlugFor(const std::string& path) {
  std::filesystem::path p(path);
  std::string stem = p.stem().string();
  std::string lower = stem;
  lower = AsciiLower(lower);
  // Hugo page bundles, VuePress and friends keep each article in a
  // directory of its own as index.md / _index.md / README.md.
  bool index = lower == "index" || lower == "_index" || lower == "readme";
  if (index && p.parent_path().has_filename()) stem = p.parent_path().filename().string();
  std::string slug;
  for (unsigned char c : stem) {
    bool keep = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c >= 0x80;
    if (keep) {
      slug.push_back(static_cast<char>(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  while (!slug.empty() && (slug.back() == '-' || slug.back() == '.')) slug.pop_back();
  while (!slug.empty() && slug.front() == '.') slug.erase(slug.begin());
  return slug.empty() ? "article" : slug;
}

Result<Article> ParseArticle(const std::string& name, std::string bytes) {
  Article a;
  a.source_name = name;
  a.slug = SlugFor(name);
  a.kind = HasExtension(name, {".html", ".htm"}) ? ArticleKind::kHtml : ArticleKind::kMarkdown;
  a.bytes = std::move(bytes);
  if (a.bytes.size() > kMaxArticleBytes)
    return Status::InvalidInput(name + ": " + std::to_string(a.bytes.size()) +
                                " bytes; rotproof reads articles of at most " + std::to_string(kMaxArticleBytes));
  if (a.bytes.find('\0') != std::string::npos)
    return Status::InvalidInput(name + ": binary file (contains NUL bytes), not an article");
  HtmlShape shape = ShapeOfHtml(a.bytes);
  if (shape.depth > kMaxHtmlDepth)
    return Status::InvalidInput(name + ": HTML nests elements " + std::to_string(shape.depth) +
                                " deep; rotproof reads at most " + std::to_string(kMaxHtmlDepth) +
                                " (browsers stop at 512)");
  if (shape.elements > kMaxHtmlElements)
    return Status::InvalidInput(name + ": " + std::to_string(shape.elements) +
                                " HTML elements; rotproof reads at most " + std::to_string(kMaxHtmlElements));
  if (!IsValidUtf8(a.bytes)) a.charset = DeclaredCharset(a.bytes);
  size_t start = a.bytes.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  a.body_offset = start;
  if (a.kind == ArticleKind::kMarkdown) {
    if (auto b = FindFrontMatter(a.bytes, start)) {
      ROTPROOF_RETURN_IF_ERROR(ParseFrontMatter(*b, &a));
      a.body_offset = b->body_begin;
    }
  }
  if (const FrontMatterField* t = a.Field("title")) a.title = t->value;
  return a;
}

Result<Article> LoadArticle(const std::string& path) {
  // Opened without blocking, then checked: a FIFO or device named as a post
  // must neither hang the batch nor be read.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IoError(path + ": cannot open for reading: " + std::strerror(errno));
  }
  FilePtr file(::fdopen(fd, "rb"));
  if (!file) {
    ::close(fd);
    return Status::IoError(path + ": cannot open for reading");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Status::IoError(path + ": cannot stat: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return Status::InvalidInput(path + ": is a directory, not an article");
  if (!S_ISREG(st.st_mode)) return Status::InvalidInput(path + ": not a regular file (a FIFO, socket or device)");
  if (static_cast<uint64_t>(st.st_size) > kMaxArticleBytes)
    return Status::InvalidInput(path + ": " + std::to_string(st.st_size) +
                                " bytes; rotproof reads articles of at most " + std::to_string(kMaxArticleBytes));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t n = std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (std::ferror(file.get())) return Status::IoError(path + ": read failed");
  bytes.resize(n);
  return ParseArticle(path, std::move(bytes));
}

}  // namespace rotproof
