#include "rotproof/pipeline.h"

#include <curl/curl.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "rotproof/article.h"
#include "rotproof/content_coding.h"
#include "rotproof/digest.h"
#include "rotproof/fs.h"
#include "rotproof/manifest.h"
#include "rotproof/render.h"
#include "rotproof/url.h"
#include "rotproof/rewrite.h"
#include "rotproof/wacz.h"
#include "rotproof/warc.h"
#include "rotproof/warc_format.h"

namespace rotproof {
namespace {

constexpr char kRevisitProfile[] =
    "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

// Where one reference stands while candidates are tried in order.
struct ReferenceState {
  std::vector<Candidate> candidates;
  size_t next = 0;
  std::vector<CandidateAttempt> attempts;
  const FetchOutcome* fetched = nullptr;  // the successful candidate's outcome
};

// A record that holds a payload, for revisits to refer to.
struct StoredPayload {
  std::string record_id;
  std::string uri;
  std::string date;
};

std::string MediaType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  return t.empty() ? "application/octet-stream" : t;
}

std::string Digits14(int64_t unix_seconds) {
  std::string d = W3cDate(unix_seconds);
  d.erase(std::remove_if(d.begin(), d.end(), [](char c) { return !std::isdigit(static_cast<unsigned char>(c)); }),
          d.end());
  return d;
}

// The article's date as YYYYMMDDhhmmss: ISO-like dates by their digits,
// others (RFC 822 "Wed, 31 Aug 2022 01:23:00 GMT") through curl_getdate.
std::string ArticleTimestamp(const Article& a, int64_t fallback) {
  const FrontMatterField* f = a.Field("date");
  if (f == nullptr) return Digits14(fallback);
  const std::string& v = f->value;
  if (v.size() >= 10 && std::all_of(v.begin(), v.begin() + 4, ::isdigit) && v[4] == '-') {
    std::string digits;
    for (char c : v)
      if (std::isdigit(static_cast<unsigned char>(c)) && digits.size() < 14) digits.push_back(c);
    return digits + std::string(14 - digits.size(), '0');
  }
  time_t t = curl_getdate(v.c_str(), nullptr);
  return Digits14(t >= 0 ? t : fallback);
}

// Mirror candidates for a reference whose best candidate is `origin`.
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

// A url(...) inside a stylesheet the article links: fetched one level deep.
struct StylesheetAsset {
  size_t stylesheet = 0;  // index of the link@href reference
  std::string url;        // as written in the stylesheet
  Span span;              // in the stylesheet's decoded body
  ReferenceState state;
};

// One article on its way through the pipeline.
struct ArticleJob {
  std::string input;
  bool live = false;            // input is an http(s) URL
  Status error;                 // set when the article cannot be archived
  Article article;
  ResolveOptions resolve;
  std::vector<Reference> refs;
  BaseHrefValue base_href;
  std::vector<ReferenceState> states;
  const FetchOutcome* page = nullptr;  // live pages: the fetch that served it
  // Loading (reading or parsing, then planning) runs on a loader thread;
  // the fetching thread leaves the job alone until it has ended.
  std::future<void> loading;
  bool loaded = false;
  std::vector<StylesheetAsset> css_assets;
  std::set<size_t> scanned;            // link@href references already scanned

  // Every reference state: the article's, then its stylesheets' assets.
  std::vector<ReferenceState*> AllStates() {
    std::vector<ReferenceState*> out;
    for (ReferenceState& s : states) out.push_back(&s);
    for (StylesheetAsset& a : css_assets) out.push_back(&a.state);
    return out;
  }
};

bool IsStylesheet(const Exchange& x) {
  auto parts = SplitUrl(x.url);
  return MediaType(x.content_type) == "text/css" || (parts && parts->path.ends_with(".css"));
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

// Media types whose bytes are already compressed (by what the body's first
// bytes show, not by what the server claims).
bool IsPrecompressed(const std::string& sniffed_type) {
  return sniffed_type == "image/jpeg" || sniffed_type == "image/png" || sniffed_type == "image/gif" ||
         sniffed_type == "image/webp" || sniffed_type == "image/avif" || sniffed_type == "video/mp4";
}

// One input's error when memory ran out: that input fails, the batch goes on.
Status OutOfMemory(const std::string& input, const char* doing) {
  return Status::IoError(input + ": out of memory " + doing);
}

bool IsLiveUrl(const std::string& input) {
  return input.rfind("http://", 0) == 0 || input.rfind("https://", 0) == 0;
}


// Parses the loaded article (once: gumbo is a large part of a batch's CPU)
// and lists each reference's candidates. A live page's own <base href> and
// URL are what its relative references resolve against.
void PlanCandidates(ArticleJob& job, const ArchiveOptions& options) {
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
  std::string timestamp = ArticleTimestamp(job.article, options.capture_time);
  job.states.assign(job.refs.size(), ReferenceState{});
  std::vector<std::vector<Candidate>> candidates = ResolveCandidates(job.refs, options.rules, job.resolve);
  for (size_t i = 0; i < job.refs.size(); ++i) {
    ReferenceState& s = job.states[i];
    s.candidates = std::move(candidates[i]);
    if (s.candidates.empty()) continue;
    for (Candidate& c : MirrorCandidates(s.candidates[0].url, timestamp, options.mirrors))
      s.candidates.push_back(std::move(c));
  }
}

// Why a finished fetch does not give the reference its asset, or "".
std::string Rejection(const FetchOutcome& o) {
  if (!o.ok) return o.error;
  const Exchange& x = *o.Final();
  // Stored as received, an encoding restore cannot undo would verify and
  // never come back.
  if (Status coding = CheckContentCoding(ContentEncodingOf(x.response_head)); !coding.ok())
    return "served with " + coding.message() + ", which restore cannot undo";
  bool html = x.sniffed_type == "text/html" ||
              (x.sniffed_type.empty() && MediaType(x.content_type) == "text/html");
  if (html) return "served an HTML page, not the asset (soft 404)";
  return "";
}

std::string FailureReason(const ReferenceState& s) {
  if (s.candidates.empty()) return "relative URL and no base URL to resolve it against";
  std::string reason;
  for (const CandidateAttempt& a : s.attempts) {
    if (a.outcome == "not tried") continue;
    reason += (reason.empty() ? "" : "; ") + a.url + ": " + a.outcome;
  }
  return reason;
}

// Writes one article's records in order and collects their index entries.
class RecordWriter {
 public:
  RecordWriter(WarcWriter* writer, std::string slug, std::string date, std::string timestamp)
      : w_(writer), slug_(std::move(slug)), date_(std::move(date)), timestamp_(std::move(timestamp)) {}

  WarcRecord Next(const std::string& type, const std::string& uri) {
    WarcRecord r;
    r.type = type;
    r.date = date_;
    r.record_id = RecordIdFor(slug_ + "|" + std::to_string(n_++) + "|" + type + "|" + uri);
    if (!uri.empty()) r.fields.push_back({"WARC-Target-URI", uri});
    if (!warcinfo_id_.empty()) r.fields.push_back({"WARC-Warcinfo-ID", warcinfo_id_});
    return r;
  }

  // Writes `r`; indexes it under `uri` when `mime` is set.
  Status Write(const WarcRecord& r, const std::string& uri = "", const std::string& mime = "",
               int status = 200) {
    auto loc = w_->Write(r);
    if (!loc.ok()) return loc.status();
    if (r.type == "warcinfo") warcinfo_id_ = r.record_id;
    if (!mime.empty())
      index_.push_back({uri, timestamp_, mime, status, r.payload_digest, loc->offset, loc->length});
    return Status::Ok();
  }

  // A revisit saying `uri` served the payload stored in `original`; keeps
  // the HTTP head when there is one.
  WarcRecord Revisit(const std::string& uri, const StoredPayload& original,
                     const std::string& payload_digest, const std::string& http_head) {
    WarcRecord r = Next("revisit", uri);
    r.fields.push_back({"WARC-Profile", kRevisitProfile});
    r.fields.push_back({"WARC-Refers-To", original.record_id});
    r.fields.push_back({"WARC-Refers-To-Target-URI", original.uri});
    r.fields.push_back({"WARC-Refers-To-Date", original.date});
    if (!http_head.empty()) {
      r.content_type = "application/http;msgtype=response";
      r.fields.push_back({"WARC-Truncated", "length"});
      r.block = http_head;
    }
    r.payload_digest = payload_digest;
    return r;
  }

  const std::string& date() const { return date_; }
  std::vector<CdxjEntry> TakeIndex() { return std::move(index_); }

 private:
  WarcWriter* w_;
  std::string slug_, date_, timestamp_, warcinfo_id_;
  int n_ = 0;
  std::vector<CdxjEntry> index_;
};

// Writes request + response (or revisit, when the payload is already
// stored) for every exchange of `outcomes`. Returns, per exchange, the
// record holding its payload.
Result<std::map<const Exchange*, StoredPayload>> WriteExchanges(
    RecordWriter& out, const std::vector<const FetchOutcome*>& outcomes) {
  std::map<const Exchange*, StoredPayload> holders;
  std::map<std::string, StoredPayload> by_digest;
  for (const FetchOutcome* o : outcomes) {
    for (const Exchange& x : o->hops) {
      WarcRecord req = out.Next("request", x.url);
      req.content_type = "application/http;msgtype=request";
      req.block = x.request_head;
      auto known = by_digest.find(x.payload_digest);
      bool dedup = x.status >= 200 && x.status < 300 && x.body_bytes > 0 && known != by_digest.end();
      WarcRecord resp;
      if (dedup) {
        resp = out.Revisit(x.url, known->second, x.payload_digest, x.response_head);
      } else {
        resp = out.Next("response", x.url);
        resp.content_type = "application/http;msgtype=response";
        resp.block = x.response_head + x.body;
        resp.block_file = x.body_path;
        resp.payload_digest = x.payload_digest;
        resp.precompressed = IsPrecompressed(x.sniffed_type);
      }
      for (WarcRecord* r : {&req, &resp})
        if (!x.ip.empty()) r->fields.push_back({"WARC-IP-Address", x.ip});
      req.fields.push_back({"WARC-Concurrent-To", resp.record_id});
      resp.fields.push_back({"WARC-Concurrent-To", req.record_id});
      ROTPROOF_RETURN_IF_ERROR(out.Write(req));
      ROTPROOF_RETURN_IF_ERROR(out.Write(resp, x.url, dedup ? "warc/revisit" : MediaType(x.content_type),
                                         static_cast<int>(x.status)));
      StoredPayload self{resp.record_id, x.url, out.date()};
      holders[&x] = dedup ? known->second : self;
      if (!dedup && x.body_bytes > 0 && x.status >= 200 && x.status < 300)
        by_digest.emplace(x.payload_digest, self);
    }
  }
  return holders;
}

ReferenceOutcome::Source SourceOf(const ReferenceState& s) {
  for (size_t i = 0; i < s.attempts.size(); ++i) {
    if (s.attempts[i].outcome != "ok") continue;
    switch (s.candidates[i].kind) {
      case Candidate::Kind::kOrigin:
        return ReferenceOutcome::Source::kOrigin;
      case Candidate::Kind::kProxy:
        return ReferenceOutcome::Source::kProxy;
      case Candidate::Kind::kMirror:
        return ReferenceOutcome::Source::kMirror;
    }
  }
  return ReferenceOutcome::Source::kDead;
}

}  // namespace

std::string SlugForInput(const std::string& input) {
  if (!IsLiveUrl(input)) return SlugFor(input);
  auto parts = SplitUrl(input);
  std::string path = parts ? parts->host + parts->path : input;
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.size() > 5 && (path.ends_with(".html") || path.ends_with(".htm")))
    path = path.substr(0, path.rfind('.'));
  return SlugFor(path + ".x");  // SlugFor drops an extension
}

// Articles written at once, beside the fetching thread.
constexpr size_t kMaxWriting = 2;
// Articles read or parsed at once, beside the fetching thread: parsing
// (gumbo) is the largest part of its work.
constexpr size_t kMaxLoading = 2;
// An article's WARC is built in memory up to this size, in a temporary
// file beyond it.
constexpr size_t kWarcInMemory = 4 << 20;
// Fetches kept for reuse by later articles, in bytes; past it the oldest
// that no article in flight uses are dropped (and fetched again if a later
// article needs them), so memory stays flat however long the batch.
constexpr uint64_t kCacheBytes = 16 << 20;

// Bytes a cached fetch holds in memory, roughly.
uint64_t FootprintOf(const FetchOutcome& o) {
  uint64_t n = sizeof(FetchOutcome) + o.url.size() + o.error.size();
  for (const Exchange& x : o.hops)
    n += sizeof(Exchange) + x.url.size() + x.request_head.size() + x.response_head.size() + x.body.size() +
         x.content_type.size() + x.location.size() + x.body_path.size() + x.payload_digest.size();
  return n;
}

// Threads that run tasks in the order they are submitted, for the life of a
// batch: a thread started per article costs a new stack and a new allocator
// arena to fault in each time.
class Workers {
 public:
  explicit Workers(size_t count) {
    for (size_t i = 0; i < count; ++i) threads_.emplace_back([this] { Serve(); });
  }
  // Runs the tasks already submitted, then joins.
  ~Workers() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  template <typename Task>
  auto Submit(Task task) -> std::future<decltype(task())> {
    auto packaged = std::make_shared<std::packaged_task<decltype(task())()>>(std::move(task));
    auto result = packaged->get_future();
    {
      std::lock_guard lock(mu_);
      tasks_.push_back([packaged] { (*packaged)(); });
    }
    ready_.notify_one();
    return result;
  }

 private:
  void Serve() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

struct BatchArchiver::Impl {
  ArchiveOptions options;
  Transport& transport;
  size_t in_flight;
  std::map<std::string, FetchOutcome> cache;  // URLs fetched in this batch (see kCacheBytes)
  std::deque<std::string> cache_order;        // the cache's URLs, oldest first
  uint64_t cache_bytes = 0;                   // FootprintOf every cached fetch
  std::set<std::string> in_transit;           // submitted, not yet in the cache

  // Loads files, and live pages once their fetch (`job.page`) has ended.
  // Runs on a loader thread: it reads `options` and the page, never the
  // cache the fetching thread grows.
  void Load(ArticleJob& job) const {
    job.resolve = options.resolve;
    if (!job.live) {
      auto loaded = LoadArticle(job.input);
      if (!loaded.ok()) {
        job.error = loaded.status();
        return;
      }
      job.article = std::move(loaded).value();
    } else {
      const FetchOutcome& o = *job.page;
      if (!o.ok) {
        job.error = Status::Network(job.input + ": " + o.error);
        return;
      }
      const Exchange& x = *o.Final();
      auto body = ReadBody(x);
      if (!body.ok()) {
        job.error = body.status();
        return;
      }
      auto parsed = ParseArticle("page.html", *body);
      if (!parsed.ok()) {
        job.error = Status::InvalidInput(job.input + ": " + parsed.status().message());
        return;
      }
      job.article = std::move(parsed).value();
      job.article.source_name = job.input;
      if (std::string charset = DeclaredCharset(x.content_type); !charset.empty()) job.article.charset = charset;
    }
    auto named = options.archive_names.find(job.input);
    job.article.slug = named != options.archive_names.end() ? named->second : SlugForInput(job.input);
    PlanCandidates(job, options);
  }

  // Submits the `urls` neither fetched nor in transit, then waits for the
  // first fetches to finish and caches them: the transport keeps working
  // while the caller plans what their outcomes call for next.
  void FetchSome(const std::vector<std::string>& urls, uint64_t byte_budget) {
    // A byte budget is counted per submitted group: then one group at a time.
    if (options.max_article_bytes == 0 || in_transit.empty()) {
      std::vector<std::string> missing;
      for (const std::string& u : urls)
        if (!cache.count(u) && in_transit.insert(u).second) missing.push_back(u);
      if (!missing.empty()) transport.Submit(missing, byte_budget);
    }
    for (FetchOutcome& o : transport.Wait()) {
      in_transit.erase(o.url);
      cache_bytes += FootprintOf(o);
      cache_order.push_back(o.url);
      cache.emplace(o.url, std::move(o));
    }
  }

  // Drops the oldest cached fetches, down to half of kCacheBytes, except
  // those `pinned` (used by an article in the window or being written).
  void EvictCache(const std::set<std::string>& pinned) {
    std::deque<std::string> kept;
    while (cache_bytes > kCacheBytes / 2 && !cache_order.empty()) {
      std::string url = std::move(cache_order.front());
      cache_order.pop_front();
      if (pinned.count(url)) {
        kept.push_back(std::move(url));
        continue;
      }
      auto it = cache.find(url);
      cache_bytes -= FootprintOf(it->second);
      std::error_code ec;
      for (const Exchange& x : it->second.hops)
        if (!x.body_path.empty()) std::filesystem::remove(x.body_path, ec);
      cache.erase(it);
    }
    cache_order.insert(cache_order.begin(), kept.begin(), kept.end());
  }

  // The URLs whose fetches `job` uses.
  static void PinUrlsOf(ArticleJob& job, std::set<std::string>* pinned) {
    if (job.live) pinned->insert(job.input);
    for (const ReferenceState* s : job.AllStates())
      for (const CandidateAttempt& a : s->attempts) pinned->insert(a.url);
  }

  // Records the outcome of every candidate already in the cache, in order,
  // and returns the URLs the `jobs` need fetched next.
  std::vector<std::string> NextCandidates(const std::vector<ArticleJob*>& jobs) {
    std::vector<std::string> round;
    for (ArticleJob* job : jobs) {
      for (ReferenceState* s : job->AllStates()) {
        while (s->fetched == nullptr && s->next < s->candidates.size()) {
          const Candidate& c = s->candidates[s->next];
          auto it = cache.find(c.url);
          if (it == cache.end()) {
            round.push_back(c.url);
            break;
          }
          std::string rejection = Rejection(it->second);
          s->attempts.push_back({c.url, c.why, rejection.empty() ? "ok" : rejection});
          if (rejection.empty()) s->fetched = &it->second;
          ++s->next;
        }
      }
    }
    return round;
  }

  // Adds the url(...) assets of every newly fetched linked stylesheet, one
  // level deep. Returns true when it added any.
  bool ScanStylesheets(const std::vector<ArticleJob*>& jobs) {
    bool added = false;
    std::string timestamp;
    for (ArticleJob* job : jobs) {
      for (size_t i = 0; i < job->refs.size(); ++i) {
        const ReferenceState& s = job->states[i];
        if (job->refs[i].where != "link@href" || s.fetched == nullptr || !job->scanned.insert(i).second) continue;
        const Exchange& x = *s.fetched->Final();
        if (!IsStylesheet(x)) continue;
        auto css = DecodedBody(x);
        if (!css) continue;
        for (auto& [url, span] : CssUrls(*css)) {
          std::string absolute = CanonicalUrl(AbsoluteUrl(url, x.url));
          if (absolute.empty() || url.rfind("data:", 0) == 0) continue;
          StylesheetAsset a{i, url, span, {}};
          a.state.candidates.push_back({absolute, "in stylesheet " + x.url});
          for (Candidate& c : MirrorCandidates(absolute, ArticleTimestamp(job->article, options.capture_time),
                                               options.mirrors))
            a.state.candidates.push_back(std::move(c));
          job->css_assets.push_back(std::move(a));
          added = true;
        }
      }
    }
    return added;
  }

  static void FinishAttempts(ArticleJob& job) {
    for (ReferenceState* s : job.AllStates())
      for (size_t i = s->next; i < s->candidates.size(); ++i)
        s->attempts.push_back({s->candidates[i].url, s->candidates[i].why, "not tried"});
  }

  // What is left of the article's byte budget (0: no budget).
  uint64_t ByteBudget(const std::vector<ArticleJob*>& jobs) const {
    if (options.max_article_bytes == 0 || jobs.empty()) return 0;
    uint64_t used = 0;
    for (const ReferenceState& s : jobs[0]->states)
      for (const CandidateAttempt& a : s.attempts)
        if (auto it = cache.find(a.url); it != cache.end())
          for (const Exchange& x : it->second.hops) used += x.body_bytes;
    return used < options.max_article_bytes ? options.max_article_bytes - used : 1;
  }

  // The fetches whose exchanges go into `job`'s archive, in an order that
  // depends on nothing but the article: its page, then each candidate tried,
  // reference by reference.
  std::vector<const FetchOutcome*> ExchangesOf(ArticleJob& job) const {
    std::vector<const FetchOutcome*> outcomes;
    std::set<std::string> seen;
    if (job.page != nullptr) {
      outcomes.push_back(job.page);
      seen.insert(job.page->url);
    }
    for (const ReferenceState* s : job.AllStates())
      for (const CandidateAttempt& a : s->attempts)
        if (a.outcome != "not tried" && seen.insert(a.url).second) outcomes.push_back(&cache.at(a.url));
    return outcomes;
  }

  // Writes `job`'s archive. Runs on its own thread: it reads `job`, the
  // `outcomes` and `options`, never the cache the fetching thread grows.
  Result<ArticleReport> Write(const ArticleJob& job, const std::vector<const FetchOutcome*>& outcomes) const;

  // Articles move through a window of `in_flight`: every live page and next
  // candidate the window needs is submitted at once, and each finished fetch
  // moves its references on. Articles are loaded on loader threads and
  // written, once settled, on writer threads, while this thread keeps the
  // transfers going; `done` hears of articles in input order.
  void Run(const std::vector<std::string>& inputs,
           const std::function<void(const std::string&, const Result<ArticleReport>&)>& done) {
    struct Writing {
      std::string input;
      std::future<Result<ArticleReport>> report;
      std::vector<std::string> urls;  // whose fetches the writer reads
    };
    // A per-article byte budget needs the article alone in the transport.
    size_t window_size = options.max_article_bytes != 0 ? 1 : std::max<size_t>(1, in_flight);
    std::deque<ArticleJob> window;  // outlives the loaders, whose tasks hold its jobs
    Workers loaders(kMaxLoading);
    Workers writers(kMaxWriting);
    std::deque<Writing> writing;
    // Hands finished articles to `done`, in order, waiting while more than
    // `keep` are unfinished.
    auto deliver = [&](size_t keep) {
      while (!writing.empty() &&
             (writing.size() > keep ||
              writing.front().report.wait_for(std::chrono::seconds(0)) != std::future_status::timeout)) {
        done(writing.front().input, writing.front().report.get());
        writing.pop_front();
      }
    };
    size_t next = 0;
    for (;;) {
      while (window.size() < window_size && next < inputs.size()) {
        ArticleJob& job = window.emplace_back();
        job.input = inputs[next++];
        job.live = IsLiveUrl(job.input);
      }
      std::vector<std::string> pages;
      for (ArticleJob& job : window) {
        if (job.loaded || job.loading.valid()) continue;
        auto page = job.live ? cache.find(job.input) : cache.end();
        if (job.live && page == cache.end()) {
          pages.push_back(job.input);
          continue;
        }
        if (job.live) job.page = &page->second;
        // Woken, a fetching thread waiting on the network plans the job at once.
        job.loading = loaders.Submit([this, &job] {
          try {
            Load(job);
          } catch (const std::bad_alloc&) {
            job.error = OutOfMemory(job.input, "reading it");
          }
          transport.Wakeup();
        });
      }
      std::vector<ArticleJob*> loaded;
      for (ArticleJob& job : window) {
        if (job.loading.valid() && job.loading.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
          job.loading.get();
          job.loaded = true;
        }
        if (job.loaded && job.error.ok()) loaded.push_back(&job);
      }
      std::vector<std::string> round = NextCandidates(loaded);
      if (ScanStylesheets(loaded)) round = NextCandidates(loaded);
      uint64_t budget = ByteBudget(loaded);  // before settled jobs leave the window
      while (!window.empty() && Settled(window.front())) {
        auto job = std::make_shared<ArticleJob>(std::move(window.front()));
        window.pop_front();
        if (job->error.ok()) {
          FinishAttempts(*job);
          // The fetching thread may be waiting on the network: woken, it
          // journals the article at once.
          std::vector<const FetchOutcome*> outcomes = ExchangesOf(*job);
          std::vector<std::string> urls;
          for (const FetchOutcome* o : outcomes) urls.push_back(o->url);
          writing.push_back({job->input, writers.Submit([this, job, outcomes] {
                               Result<ArticleReport> report = OutOfMemory(job->input, "writing its archive");
                               try {
                                 report = Write(*job, outcomes);
                               } catch (const std::bad_alloc&) {
                                 // Unwinding removed its temporary file.
                               }
                               transport.Wakeup();
                               return report;
                             }),
                             std::move(urls)});
        } else {
          writing.push_back({job->input, std::async(std::launch::deferred, [error = job->error] {
                               return Result<ArticleReport>(error);
                             }),
                             {}});
        }
        deliver(kMaxWriting);
      }
      deliver(kMaxWriting);
      if (cache_bytes > kCacheBytes) {
        std::set<std::string> pinned;
        for (ArticleJob& job : window) PinUrlsOf(job, &pinned);
        for (const Writing& w : writing) pinned.insert(w.urls.begin(), w.urls.end());
        EvictCache(pinned);
      }
      if (window.empty() && next >= inputs.size()) {
        deliver(0);
        return;
      }
      round.insert(round.end(), pages.begin(), pages.end());
      if (!round.empty()) {
        FetchSome(round, budget);
      } else if (auto busy = std::find_if(window.begin(), window.end(),
                                          [](const ArticleJob& j) { return j.loading.valid(); });
                 busy != window.end()) {
        busy->loading.wait();  // nothing to fetch until a job is planned
      }
    }
  }

  // True when nothing more will be fetched for `job`.
  bool Settled(ArticleJob& job) const {
    if (!job.loaded) return false;
    if (!job.error.ok()) return true;
    auto states = job.AllStates();
    return std::all_of(states.begin(), states.end(), [](const ReferenceState* s) {
      return s->fetched != nullptr || s->next >= s->candidates.size();
    });
  }
};

Result<ArticleReport> BatchArchiver::Impl::Write(const ArticleJob& job,
                                                 const std::vector<const FetchOutcome*>& outcomes) const {
  const Article& article = job.article;
  SpillBuffer warc(options.out_dir, kWarcInMemory);
  auto writer = WarcWriter::Create(&warc);
  if (!writer.ok()) return writer.status();

  const std::string date = W3cDate(options.capture_time);
  RecordWriter out(&*writer, article.slug, date, Digits14(options.capture_time));
  bool markdown = article.kind == ArticleKind::kMarkdown;
  const std::string article_type = markdown ? "text/markdown" : "text/html";

  Manifest m;
  m.slug = article.slug;
  m.source_name = job.live ? job.input : article.source_name.substr(article.source_name.rfind('/') + 1);
  m.title = article.title;
  m.captured_at = date;
  m.original_uri = "urn:rotproof:original:" + PercentEncode(article.slug);
  m.rewritten_uri = "urn:rotproof:rewritten:" + PercentEncode(article.slug);
  m.rewritten_name = markdown ? "index.md" : "index.html";

  WarcRecord info = out.Next("warcinfo", "");
  info.content_type = "application/warc-fields";
  info.block = "software: rotproof/" ROTPROOF_VERSION
               "\r\nformat: WARC File Format 1.1\r\n"
               "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
               "warc-format/warc-1.1/\r\narticle: " + m.source_name + "\r\n";
  ROTPROOF_RETURN_IF_ERROR(out.Write(info));

  WarcRecord original = out.Next("resource", m.original_uri);
  original.content_type = article_type;
  original.block = article.bytes;
  original.payload_digest = Sha256Digest(article.bytes);
  ROTPROOF_RETURN_IF_ERROR(out.Write(original, m.original_uri, article_type));
  m.original_record_id = original.record_id;
  m.original_digest = original.payload_digest;

  std::set<std::string> seen;
  for (const FetchOutcome* o : outcomes) seen.insert(o->url);
  auto holders = WriteExchanges(out, outcomes);
  if (!holders.ok()) return holders.status();

  ArticleReport report;
  report.source = job.input;
  report.title = article.title;
  report.references = job.refs.size();
  AssetNamer namer;
  std::vector<Splice> splices;         // local paths, for the rewritten article
  std::vector<Splice> replay_splices;  // archived URLs, for the replay page
  std::string header_image;
  std::set<std::string> revisited;     // written URLs given a revisit record
  std::set<std::string> stored_payloads;
  for (size_t i = 0; i < job.refs.size(); ++i) {
    const Reference& ref = job.refs[i];
    const ReferenceState& state = job.states[i];
    ManifestEntry e;
    e.where = ref.where;
    e.url = ref.url;
    e.span = ref.span;
    e.candidates = state.attempts;
    ReferenceOutcome outcome{ref.where, ref.url, SourceOf(state), ""};
    if (const FetchOutcome* o = state.fetched) {
      const Exchange& x = *o->Final();
      const StoredPayload& holder = holders->at(&x);
      e.archived = true;
      e.archived_url = o->url;
      e.record_id = holder.record_id;
      e.payload_digest = x.payload_digest;
      e.bytes = x.body_bytes;
      e.content_type = x.content_type;
      e.sniffed_type = x.sniffed_type;
      e.local_path = namer.PathFor(o->url, x.payload_digest, x.content_type);
      splices.push_back({ref.span, e.local_path});
      replay_splices.push_back({ref.span, o->url});
      if (header_image.empty() && ref.span.begin < article.body_offset) header_image = o->url;
      if (stored_payloads.insert(x.payload_digest).second) report.bytes += x.body_bytes;
      ++report.archived;
      // The URL as written (a proxy's, a twin's) resolves in the archive too.
      std::string written = CanonicalUrl(AbsoluteUrl(ref.url, job.resolve.base_url));
      bool recordable = !written.empty() && written.size() <= kMaxUrlBytes;
      if (recordable && !seen.count(written) && revisited.insert(written).second) {
        WarcRecord r = out.Revisit(written, holder, x.payload_digest, "");
        ROTPROOF_RETURN_IF_ERROR(out.Write(r, written, "warc/revisit"));
      }
    } else {
      e.reason = FailureReason(state);
      outcome.reason = e.reason;
      report.failures.push_back(e.where + " " + e.url + ": " + e.reason);
    }
    report.outcomes.push_back(std::move(outcome));
    m.references.push_back(std::move(e));
  }
  for (const StylesheetAsset& a : job.css_assets) {
    ManifestEntry e;
    e.where = "css@url";
    e.url = a.url;
    e.span = a.span;
    e.stylesheet = m.references[a.stylesheet].local_path;
    e.candidates = a.state.attempts;
    ReferenceOutcome outcome{e.where, a.url, SourceOf(a.state), ""};
    if (const FetchOutcome* o = a.state.fetched) {
      const Exchange& x = *o->Final();
      e.archived = true;
      e.archived_url = o->url;
      e.record_id = holders->at(&x).record_id;
      e.payload_digest = x.payload_digest;
      e.bytes = x.body_bytes;
      e.content_type = x.content_type;
      e.sniffed_type = x.sniffed_type;
      e.local_path = namer.PathFor(o->url, x.payload_digest, x.content_type);
      if (stored_payloads.insert(x.payload_digest).second) report.bytes += x.body_bytes;
    } else {
      e.reason = FailureReason(a.state);
      outcome.reason = e.reason;
      report.failures.push_back(e.where + " " + e.url + ": " + e.reason);
    }
    report.outcomes.push_back(std::move(outcome));
    m.stylesheet_assets.push_back(std::move(e));
  }
  // Local paths are relative to the article: a <base href> would send them
  // elsewhere.
  if (article.kind == ArticleKind::kHtml && !job.base_href.href.empty()) {
    m.other_rewrites.push_back({"base@href", job.base_href.span, "./"});
    splices.push_back({job.base_href.span, "./"});
  }
  auto rewritten = ApplySplices(article.bytes, splices);
  if (!rewritten.ok()) return rewritten.status();

  WarcRecord rewritten_rec = out.Next("resource", m.rewritten_uri);
  rewritten_rec.content_type = article_type;
  rewritten_rec.block = *rewritten;
  rewritten_rec.payload_digest = Sha256Digest(*rewritten);
  m.rewritten_record_id = rewritten_rec.record_id;
  m.rewritten_digest = rewritten_rec.payload_digest;
  ROTPROOF_RETURN_IF_ERROR(out.Write(rewritten_rec, m.rewritten_uri, article_type));

  // What replay tools open: the article as a page whose images are the
  // archived URLs, so they resolve inside this archive. A live page is
  // replayed at its own URL.
  std::string page_uri = job.live ? job.input : "https://rotproof.invalid/" + PercentEncode(article.slug) + "/";
  if (!job.live) {
    WarcRecord page = out.Next("resource", page_uri);
    page.content_type = "text/html";
    page.block = RenderArticleHtml(article, replay_splices, header_image);
    page.payload_digest = Sha256Digest(page.block);
    ROTPROOF_RETURN_IF_ERROR(out.Write(page, page_uri, "text/html"));
  }

  WarcRecord manifest = out.Next("metadata", warc_format::kManifestUriPrefix + PercentEncode(article.slug));
  manifest.content_type = "application/json";
  manifest.fields.push_back({"WARC-Refers-To", original.record_id});
  manifest.block = ManifestToJson(m);
  ROTPROOF_RETURN_IF_ERROR(out.Write(manifest));

  if (options.format == ArchiveOptions::Format::kWarc) {
    report.archive_path = options.out_dir + "/" + article.slug + ".warc.gz";
    ROTPROOF_RETURN_IF_ERROR(WriteFileAtomic(report.archive_path, warc));
    return report;
  }
  WaczContents wacz;
  wacz.warc = &warc;
  wacz.index = out.TakeIndex();
  wacz.title = article.title.empty() ? article.slug : article.title;
  wacz.main_page_url = page_uri;
  wacz.main_page_date = date;
  wacz.created = date;
  wacz.mtime = options.capture_time;
  wacz.sign_key_path = options.sign_key_path;
  report.archive_path = options.out_dir + "/" + article.slug + ".wacz";
  auto pending = PendingFile::Create(report.archive_path);
  if (!pending.ok()) return pending.status();
  ROTPROOF_RETURN_IF_ERROR(WriteWacz(wacz, pending->fd(), report.archive_path));
  ROTPROOF_RETURN_IF_ERROR(pending->Commit());
  return report;
}

BatchArchiver::BatchArchiver(ArchiveOptions options, Transport& transport, size_t articles_in_flight)
    : impl_(new Impl{std::move(options), transport, articles_in_flight, {}, {}, 0, {}}) {}

BatchArchiver::~BatchArchiver() = default;

void BatchArchiver::Run(const std::vector<std::string>& inputs,
                        const std::function<void(const std::string&, const Result<ArticleReport>&)>& done) {
  impl_->Run(inputs, done);
}

Result<ArticleReport> ArchiveArticle(const std::string& path, const ArchiveOptions& options,
                                     Transport& transport) {
  BatchArchiver batch(options, transport, 1);
  Result<ArticleReport> result = Status::InvalidInput(path + ": not archived");
  batch.Run({path}, [&result](const std::string&, const Result<ArticleReport>& r) { result = r; });
  return result;
}

Result<std::string> ExplainArticle(const std::string& path, const ArchiveOptions& options) {
  ArticleJob job;
  job.input = path;
  auto loaded = LoadArticle(path);
  if (!loaded.ok()) return loaded.status();
  job.article = std::move(loaded).value();
  job.resolve = options.resolve;
  PlanCandidates(job, options);
  if (!job.error.ok()) return job.error;
  std::string out = path + ": " + std::to_string(job.refs.size()) + " references\n";
  for (size_t i = 0; i < job.refs.size(); ++i) {
    const Reference& r = job.refs[i];
    out += "[" + std::to_string(i) + "] " + r.where + " at bytes " + std::to_string(r.span.begin) + "-" +
           std::to_string(r.span.end) + ": " + r.url + "\n";
    if (job.states[i].candidates.empty()) out += "    (no candidate: relative URL and no --base-url)\n";
    for (size_t c = 0; c < job.states[i].candidates.size(); ++c)
      out += "    " + std::to_string(c + 1) + ". " + job.states[i].candidates[c].url + "  <- " +
             job.states[i].candidates[c].why + "\n";
  }
  return out;
}

}  // namespace rotproof
