#include "plan.h"

#include <algorithm>
#include <filesystem>

#include "rotproof/content_coding.h"
#include "rotproof/http_head.h"
#include "rotproof/inputs.h"
#include "rotproof/text.h"
#include "rotproof/url.h"
#include "rotproof/warc.h"

namespace rotproof {
namespace {

bool IsStylesheet(const Exchange& x) {
  auto parts = SplitUrl(x.url);
  return MediaTypeOf(x.content_type) == "text/css" || (parts && parts->path.ends_with(".css"));
}

// The body of `x` as a browser would read it (Content-Encoding undone), or
// nullopt when it cannot be decoded within a stylesheet's limits.
std::optional<std::string> DecodedBody(const Exchange& x) {
  static constexpr DecodeLimits kStylesheetLimits{uint64_t{16} << 20, 1000};
  auto body = ReadBody(x);
  if (!body.ok()) return std::nullopt;
  auto decoded = DecodeContent(*body, ContentEncodingOf(x.response_head), kStylesheetLimits);
  if (!decoded.ok()) return std::nullopt;
  return std::move(decoded).value();
}

// Candidates a file of the article's site serves come from that file.
void UseLocalFiles(const ArticleJob& job, std::vector<Candidate>* candidates) {
  for (Candidate& c : *candidates) {
    if (c.guessed || c.kind != Candidate::Kind::kOrigin) continue;
    c.local_file = LocalFileFor(job.site_page, c.url);
    if (!c.local_file.empty())
      c.why = std::string("local file of the ") + EngineName(job.site->engine) +
              " site: " + std::filesystem::path(c.local_file).lexically_relative(job.site->root).generic_string();
  }
}

// Last of all, a web archive's index is asked for the origin's captures and
// for those of the URL as written (a proxy's, which archives also hold).
void AddIndexLookups(const RescueOptions& rescue, std::vector<Candidate>* candidates) {
  std::vector<std::string> urls;
  for (const Candidate& c : *candidates)
    if (c.kind != Candidate::Kind::kMirror && IsLiveUrl(c.url) && c.local_file.empty() &&
        std::find(urls.begin(), urls.end(), c.url) == urls.end())
      urls.push_back(c.url);
  for (const std::string& url : urls)
    candidates->push_back(
        {IndexQueryUrl(rescue, url), "web archive index lookup for " + url, Candidate::Kind::kIndexLookup});
}

// Each reference's resolved candidates, then its mirrors, then (--rescue)
// the web archive lookups.
std::vector<ReferenceState> StatesFor(const ArticleJob& job, const std::vector<Reference>& refs,
                                      const ResolveOptions& resolve, const ArchiveOptions& options) {
  std::vector<std::vector<Candidate>> candidates = ResolveCandidates(refs, options.rules, resolve);
  std::vector<ReferenceState> states(refs.size());
  for (size_t i = 0; i < refs.size(); ++i) {
    if (job.site) UseLocalFiles(job, &candidates[i]);
    states[i].candidates = std::move(candidates[i]);
    if (states[i].candidates.empty()) continue;
    for (Candidate& c : MirrorCandidates(states[i].candidates[0].url, job.timestamp, options.mirrors))
      states[i].candidates.push_back(std::move(c));
    if (options.rescue.enabled) AddIndexLookups(options.rescue, &states[i].candidates);
  }
  return states;
}

Status LoadArticleOf(ArticleJob& job) {
  if (!job.live) {
    auto loaded = LoadArticle(job.input);
    if (!loaded.ok()) return loaded.status();
    job.article = std::move(loaded).value();
    return Status::Ok();
  }
  const FetchOutcome& o = *job.page;
  if (!o.ok) return Status::Network(job.input + ": " + o.error);
  const Exchange& x = *o.Final();
  auto body = ReadBody(x);
  if (!body.ok()) return body.status();
  auto parsed = ParseArticle("page.html", *body);
  if (!parsed.ok()) return Status::InvalidInput(job.input + ": " + parsed.status().message());
  job.article = std::move(parsed).value();
  job.article.source_name = job.input;
  if (std::string charset = DeclaredCharset(x.content_type); !charset.empty()) job.article.charset = charset;
  return Status::Ok();
}

}  // namespace

void LoadJob(ArticleJob& job, const ArchiveOptions& options) {
  job.resolve = options.resolve;
  job.error = LoadArticleOf(job);
  if (!job.error.ok()) return;
  auto named = options.archive_names.find(job.input);
  job.article.slug = named != options.archive_names.end() ? named->second : SlugForInput(job.input);
  if (!job.live && options.local_sites) job.site = FindSite(job.input, options.resolve.base_url);
  PlanReferences(job, options);
}

void PlanReferences(ArticleJob& job, const ArchiveOptions& options) {
  ArticleScan scan = ScanArticle(job.article, options.extract);
  if (scan.references.size() > kMaxReferences) {
    job.error = Status::InvalidInput(job.article.source_name + ": " + std::to_string(scan.references.size()) +
                                     " references; rotproof archives at most " + std::to_string(kMaxReferences) +
                                     " per article");
    return;
  }
  job.refs = std::move(scan.references);
  job.base_href = std::move(scan.base);
  if (job.live) {
    const std::string& page_url = job.page->Final()->url;
    job.article.title = std::move(scan.title);
    job.resolve.base_url = AbsoluteUrl(job.base_href.href, page_url);
    if (job.resolve.base_url.empty()) job.resolve.base_url = page_url;
  }
  job.timestamp = ArticleTimestamp(job.article, options.capture_time);
  if (job.site) {
    job.site_page = PageOf(*job.site, job.input, job.article, job.timestamp);
    job.resolve.base_url = job.site_page.url;
    job.resolve.site_url = job.site->base_url;
  }
  job.states = StatesFor(job, job.refs, job.resolve, options);
}

bool PlanStylesheetAssets(ArticleJob& job, size_t ref, const Exchange& stylesheet, const ArchiveOptions& options) {
  if (!IsStylesheet(stylesheet)) return false;
  auto css = DecodedBody(stylesheet);
  if (!css) return false;
  std::vector<Reference> refs;
  for (auto& [url, span] : CssUrls(*css))
    if (url.rfind("data:", 0) != 0) refs.push_back({url, span, "css@url", -1});
  // Relative to the stylesheet, as a browser reads them.
  ResolveOptions resolve = job.resolve;
  resolve.base_url = stylesheet.url;
  std::vector<ReferenceState> states = StatesFor(job, refs, resolve, options);
  bool added = false;
  for (size_t i = 0; i < refs.size(); ++i) {
    if (states[i].candidates.empty()) continue;
    for (Candidate& c : states[i].candidates) c.why = "in stylesheet " + stylesheet.url + ": " + c.why;
    job.css_assets.push_back({ref, std::move(refs[i]), std::move(states[i])});
    added = true;
  }
  return added;
}

std::string ArticleTimestamp(const Article& a, int64_t fallback) {
  return ArticleOwnTimestamp(a).value_or(Timestamp14(fallback));
}

std::vector<Candidate> MirrorCandidates(const std::string& origin, const std::string& timestamp,
                                        const std::vector<std::string>& mirrors) {
  std::vector<Candidate> out;
  for (const std::string& m : mirrors) {
    std::string url = m;
    for (auto [key, value] : {std::pair<std::string, std::string>{"{url}", origin}, {"{timestamp}", timestamp}})
      for (size_t at = url.find(key); at != std::string::npos; at = url.find(key, at + value.size()))
        url.replace(at, key.size(), value);
    out.push_back({url, "mirror " + m, Candidate::Kind::kMirror});
  }
  return out;
}

std::string SettleIndexLookup(ReferenceState* state, const FetchOutcome& answer, const std::string& timestamp,
                              const RescueOptions& rescue) {
  if (!answer.ok) return "web archive index: " + answer.error;
  auto body = ReadBody(*answer.Final());
  if (!body.ok()) return "web archive index: " + body.status().message();
  std::vector<Capture> captures = ClosestFirst(ParseIndexAnswer(*body, rescue), timestamp, rescue.captures);
  if (captures.empty()) return "web archive index: no capture of a picture";
  std::vector<Candidate> found;
  for (const Capture& c : captures) {
    Candidate candidate{c.url, "web archive capture at " + c.timestamp, Candidate::Kind::kMirror};
    candidate.guessed = true;  // an archived error page is no picture
    found.push_back(std::move(candidate));
  }
  state->candidates.insert(state->candidates.begin() + static_cast<std::ptrdiff_t>(state->next) + 1, found.begin(),
                           found.end());
  return "web archive index: " + std::to_string(captures.size()) + " captures, closest to " + timestamp + " first";
}

}  // namespace rotproof
