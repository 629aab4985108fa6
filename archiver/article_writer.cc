#include "article_writer.h"

#include "package.h"
#include "rotproof/digest.h"
#include "rotproof/render.h"
#include "rotproof/text.h"
#include "rotproof/url.h"
#include "rotproof/warc_format.h"

namespace rotproof {
namespace {

// An article's WARC is built in memory up to this size, in a temporary
// file beyond it.
constexpr size_t kWarcInMemory = 4 << 20;

// The article's name in the warcinfo and manifest: a live page's URL, a
// file's name.
std::string SourceNameOf(const ArticleJob& job) {
  const std::string& name = job.article.source_name;
  return job.live ? job.input : name.substr(name.rfind('/') + 1);
}

const char* ArticleMediaType(const Article& article) {
  return article.kind == ArticleKind::kMarkdown ? "text/markdown" : "text/html";
}

std::string ArticleUri(const char* prefix, const std::string& slug) { return prefix + PercentEncode(slug); }

ReferenceOutcome::Source SourceOf(const Candidate* served) {
  if (served == nullptr) return ReferenceOutcome::Source::kDead;
  switch (served->kind) {
    case Candidate::Kind::kOrigin:
      return ReferenceOutcome::Source::kOrigin;
    case Candidate::Kind::kProxy:
      return ReferenceOutcome::Source::kProxy;
    case Candidate::Kind::kMirror:
    case Candidate::Kind::kIndexLookup:  // serves nothing itself
      break;
  }
  return ReferenceOutcome::Source::kMirror;
}

// The candidate whose fetch the reference kept, or nullptr.
const Candidate* ServingCandidate(const ReferenceState& s) {
  for (size_t i = 0; i < s.attempts.size(); ++i)
    if (s.attempts[i].outcome == CandidateAttempt::Outcome::kOk) return &s.candidates[i];
  return nullptr;
}

std::string FailureReason(const ReferenceState& s) {
  if (s.candidates.empty()) return "relative URL and no base URL to resolve it against";
  std::string reason;
  for (const CandidateAttempt& a : s.attempts) {
    if (a.outcome == CandidateAttempt::Outcome::kNotTried) continue;
    reason += (reason.empty() ? "" : "; ") + a.url + ": " + a.OutcomeText();
  }
  return reason;
}

// The manifest entry of one reference (of the article, or of a stylesheet)
// and its outcome in the report.
class EntryMaker {
 public:
  EntryMaker(const std::map<const Exchange*, StoredPayload>& holders, ArticleReport* report)
      : holders_(holders), report_(report) {}

  ManifestEntry Make(const Reference& ref, const ReferenceState& state) {
    ManifestEntry e;
    e.where = ref.where;
    e.url = ref.url;
    e.span = ref.span;
    e.candidates = state.attempts;
    const Candidate* served = ServingCandidate(state);
    ReferenceOutcome outcome{ref.where, ref.url, SourceOf(served), "", "", ""};
    if (served != nullptr && served->guessed) {
      outcome.structural_host = served->structural_host;
      outcome.rule_carrier = served->rule_carrier;
    }
    if (const FetchOutcome* o = state.fetched) {
      const Exchange& x = *o->Final();
      e.archived = true;
      e.archived_url = o->url;
      e.record_id = holders_.at(&x).record_id;
      e.payload_digest = x.payload_digest;
      e.bytes = x.body_bytes;
      e.content_type = x.content_type;
      e.sniffed_type = x.sniffed_type;
      e.local_path = namer_.PathFor(o->url, x.payload_digest, x.content_type, x.sniffed_type);
      if (stored_payloads_.insert(x.payload_digest).second) report_->bytes += x.body_bytes;
    } else {
      e.reason = FailureReason(state);
      outcome.reason = e.reason;
    }
    report_->outcomes.push_back(std::move(outcome));
    return e;
  }

 private:
  const std::map<const Exchange*, StoredPayload>& holders_;
  ArticleReport* report_;
  AssetNamer namer_;
  std::set<std::string> stored_payloads_;
};

// Writes the records of the article's own text: the rewritten copy (its id
// and digest into the manifest), the replay page, the manifest.
Status WriteArticleRecords(const ArticleJob& job, ArticlePlan& plan, const std::string& page_uri, RecordBuilder& out) {
  const Article& article = job.article;
  const std::string article_type = ArticleMediaType(article);
  Manifest& m = plan.manifest;
  auto rewritten = ApplySplices(article.bytes, plan.splices);
  if (!rewritten.ok()) return rewritten.status();
  WarcRecord rewritten_rec = out.Resource(m.rewritten_uri, article_type, std::move(rewritten).value());
  m.rewritten_record_id = rewritten_rec.record_id;
  m.rewritten_digest = rewritten_rec.payload_digest;
  ROTPROOF_RETURN_IF_ERROR(out.Write(rewritten_rec, m.rewritten_uri, article_type));
  // What replay tools open: the article as a page whose images are the
  // archived URLs, so they resolve inside this archive. A live page is
  // replayed at its own URL.
  if (!job.live) {
    WarcRecord page =
        out.Resource(page_uri, "text/html", RenderArticleHtml(article, plan.replay_splices, plan.header_image));
    ROTPROOF_RETURN_IF_ERROR(out.Write(page, page_uri, "text/html"));
  }
  WarcRecord manifest = out.Next("metadata", ArticleUri(warc_format::kManifestUriPrefix, article.slug));
  manifest.content_type = "application/json";
  manifest.fields.push_back({"WARC-Refers-To", m.original_record_id});
  manifest.block = ManifestToJson(m);
  return out.Write(manifest);
}

}  // namespace

ArticlePlan BuildManifest(const ArticleJob& job, const std::map<const Exchange*, StoredPayload>& holders,
                          const std::set<std::string>& recorded) {
  const Article& article = job.article;
  ArticlePlan plan;
  Manifest& m = plan.manifest;
  m.slug = article.slug;
  m.source_name = SourceNameOf(job);
  m.title = article.title;
  m.original_uri = ArticleUri(warc_format::kOriginalUriPrefix, article.slug);
  m.rewritten_uri = ArticleUri(warc_format::kRewrittenUriPrefix, article.slug);
  m.rewritten_name = article.kind == ArticleKind::kMarkdown ? "index.md" : "index.html";
  plan.report.source = job.input;
  plan.report.title = article.title;
  plan.report.references = job.refs.size();
  EntryMaker maker(holders, &plan.report);
  std::set<std::string> revisited = recorded;
  for (size_t i = 0; i < job.refs.size(); ++i) {
    const Reference& ref = job.refs[i];
    ManifestEntry e = maker.Make(ref, job.states[i]);
    if (e.archived) {
      const FetchOutcome* o = job.states[i].fetched;
      plan.splices.push_back({ref.span, e.local_path});
      plan.replay_splices.push_back({ref.span, o->url});
      if (plan.header_image.empty() && ref.span.begin < article.body_offset) plan.header_image = o->url;
      ++plan.report.archived;
      std::string written = CanonicalUrl(AbsoluteReferenceUrl(ref, job.resolve));
      if (!written.empty() && written.size() <= kMaxUrlBytes && revisited.insert(written).second)
        plan.revisits.push_back({written, holders.at(o->Final()), e.payload_digest});
    }
    m.references.push_back(std::move(e));
  }
  for (const StylesheetAsset& a : job.css_assets) {
    ManifestEntry e = maker.Make(a.ref, a.state);
    e.stylesheet = m.references[a.stylesheet].local_path;
    m.stylesheet_assets.push_back(std::move(e));
  }
  // Local paths are relative to the article: a <base href> would send them
  // elsewhere.
  if (article.kind == ArticleKind::kHtml && !job.base_href.href.empty()) {
    m.other_rewrites.push_back({warc_format::kBaseHrefRewrite, job.base_href.span, "./"});
    plan.splices.push_back({job.base_href.span, "./"});
  }
  return plan;
}

void AddRobustLinks(const ArticleJob& job, const std::string& day, ArticlePlan* plan) {
  const std::string& bytes = job.article.bytes;
  std::set<int> marked;  // one pair of attributes per element
  const std::vector<ManifestEntry>& entries = plan->manifest.references;
  for (size_t i = 0; i < job.refs.size() && i < entries.size(); ++i) {
    const Reference& ref = job.refs[i];
    bool single_url = ref.where.find('@') != std::string::npos && ref.where.find("srcset") == std::string::npos;
    if (!entries[i].archived || ref.element < 0 || !single_url || !marked.insert(ref.element).second) continue;
    size_t at = ref.span.end;
    if (at < bytes.size() && (bytes[at] == '"' || bytes[at] == '\'')) ++at;  // after the closing quote
    std::string text = " data-originalurl=\"" + EscapeHtml(ref.url) + "\" data-versiondate=\"" + day + "\"";
    plan->manifest.other_rewrites.push_back({warc_format::kRobustLinksRewrite, {at, at}, text});
    plan->splices.push_back({{at, at}, std::move(text)});
  }
}

Result<ArticleReport> WriteArticle(const ArticleJob& job, const std::vector<const FetchOutcome*>& outcomes,
                                   const ArchiveOptions& options) {
  const Article& article = job.article;
  SpillBuffer warc(options.out_dir, kWarcInMemory);
  auto writer = WarcWriter::Create(&warc);
  if (!writer.ok()) return writer.status();
  const std::string date = W3cDate(options.capture_time);
  RecordBuilder out(&*writer, article.slug, date, Timestamp14(options.capture_time));

  // 1. What was captured: the warcinfo, the original, every exchange.
  ROTPROOF_RETURN_IF_ERROR(out.Write(out.Warcinfo(SourceNameOf(job))));
  const std::string article_type = ArticleMediaType(article);
  std::string original_uri = ArticleUri(warc_format::kOriginalUriPrefix, article.slug);
  WarcRecord original = out.Resource(original_uri, article_type, article.bytes);
  ROTPROOF_RETURN_IF_ERROR(out.Write(original, original_uri, article_type));
  auto holders = out.WriteExchanges(outcomes);
  if (!holders.ok()) return holders.status();

  // 2. What it came to: the manifest, the rewrite, the revisits.
  std::set<std::string> recorded;
  for (const FetchOutcome* o : outcomes) recorded.insert(o->url);
  ArticlePlan plan = BuildManifest(job, *holders, recorded);
  plan.manifest.captured_at = date;
  if (options.robust_links) AddRobustLinks(job, date.substr(0, 10), &plan);
  plan.manifest.original_record_id = original.record_id;
  plan.manifest.original_digest = original.payload_digest;
  for (const ArticlePlan::Revisit& r : plan.revisits)
    ROTPROOF_RETURN_IF_ERROR(out.Write(out.Revisit(r.uri, r.holder, r.payload_digest, ""), r.uri, "warc/revisit"));
  std::string page_uri = job.live ? job.input : "https://rotproof.invalid/" + PercentEncode(article.slug) + "/";
  ROTPROOF_RETURN_IF_ERROR(WriteArticleRecords(job, plan, page_uri, out));

  // 3. The package, in the chosen format.
  PackageInput package{&warc,
                       out.TakeIndex(),
                       article.title.empty() ? article.slug : article.title,
                       page_uri,
                       date,
                       ArticleOwnDay(article),
                       options};
  auto path = PackagerFor(options.format)(package, article.slug);
  if (!path.ok()) return path.status();
  plan.report.archive_path = std::move(path).value();
  return std::move(plan.report);
}

}  // namespace rotproof
