#include "rotproof/pipeline.h"

#include <curl/curl.h>

#include <algorithm>
#include <map>

#include "rotproof/article.h"
#include "rotproof/digest.h"
#include "rotproof/fs.h"
#include "rotproof/manifest.h"
#include "rotproof/render.h"
#include "rotproof/rewrite.h"
#include "rotproof/wacz.h"
#include "rotproof/warc.h"

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

std::string PercentEncode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

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
    out.push_back({url, "mirror " + m});
  }
  return out;
}

std::vector<ReferenceState> PlanCandidates(const Article& article, const std::vector<Reference>& refs,
                                           const ArchiveOptions& options) {
  std::string timestamp = ArticleTimestamp(article, options.capture_time);
  std::vector<ReferenceState> states(refs.size());
  for (size_t i = 0; i < refs.size(); ++i) {
    states[i].candidates = ResolveCandidates(refs, i, options.rules, options.resolve);
    if (states[i].candidates.empty()) continue;
    for (Candidate& c : MirrorCandidates(states[i].candidates[0].url, timestamp, options.mirrors))
      states[i].candidates.push_back(std::move(c));
  }
  return states;
}

// Why a finished fetch does not give the reference its asset, or "".
std::string Rejection(const FetchOutcome& o) {
  if (!o.ok) return o.error;
  const Exchange& x = *o.Final();
  bool html = x.sniffed_type == "text/html" ||
              (x.sniffed_type.empty() && MediaType(x.content_type) == "text/html");
  if (html) return "served an HTML page, not the asset (soft 404)";
  return "";
}

// Tries candidates in order, fetching a round of distinct URLs at a time,
// until each reference has a good response or no candidates left.
std::map<std::string, FetchOutcome> FetchReferences(std::vector<ReferenceState>& states,
                                                    Transport& transport, uint64_t byte_budget,
                                                    std::vector<std::string>* fetch_order) {
  std::map<std::string, FetchOutcome> fetched;
  uint64_t used = 0;
  for (;;) {
    std::vector<std::string> round;
    for (ReferenceState& s : states) {
      while (s.fetched == nullptr && s.next < s.candidates.size()) {
        const Candidate& c = s.candidates[s.next];
        auto it = fetched.find(c.url);
        if (it == fetched.end()) {
          if (std::find(round.begin(), round.end(), c.url) == round.end()) round.push_back(c.url);
          break;
        }
        std::string rejection = Rejection(it->second);
        s.attempts.push_back({c.url, c.why, rejection.empty() ? "ok" : rejection});
        if (rejection.empty()) s.fetched = &it->second;
        ++s.next;
      }
    }
    if (round.empty()) break;
    uint64_t remaining = byte_budget == 0 ? 0 : (used < byte_budget ? byte_budget - used : 1);
    for (FetchOutcome& o : transport.FetchAll(round, remaining)) {
      for (const Exchange& x : o.hops) used += x.body_bytes;
      fetch_order->push_back(o.url);
      fetched.emplace(o.url, std::move(o));
    }
  }
  for (ReferenceState& s : states)
    for (size_t i = s.next; i < s.candidates.size(); ++i)
      s.attempts.push_back({s.candidates[i].url, s.candidates[i].why, "not tried"});
  return fetched;
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
// stored) for every exchange. Returns, per exchange, the record holding its
// payload.
Result<std::map<const Exchange*, StoredPayload>> WriteExchanges(
    RecordWriter& out, const std::vector<std::string>& fetch_order,
    const std::map<std::string, FetchOutcome>& fetched) {
  std::map<const Exchange*, StoredPayload> holders;
  std::map<std::string, StoredPayload> by_digest;
  for (const std::string& url : fetch_order) {
    for (const Exchange& x : fetched.at(url).hops) {
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
        resp.block = x.response_head;
        resp.block_file = x.body_path;
        resp.payload_digest = x.payload_digest;
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

}  // namespace

Result<std::string> ExplainArticle(const std::string& path, const ArchiveOptions& options) {
  auto loaded = LoadArticle(path);
  if (!loaded.ok()) return loaded.status();
  std::vector<Reference> refs = ExtractReferences(*loaded, options.extract);
  std::vector<ReferenceState> states = PlanCandidates(*loaded, refs, options);
  std::string out = path + ": " + std::to_string(refs.size()) + " references\n";
  for (size_t i = 0; i < refs.size(); ++i) {
    out += "[" + std::to_string(i) + "] " + refs[i].where + " at bytes " +
           std::to_string(refs[i].span.begin) + "-" + std::to_string(refs[i].span.end) + ": " +
           refs[i].url + "\n";
    if (states[i].candidates.empty()) out += "    (no candidate: relative URL and no --base-url)\n";
    for (size_t c = 0; c < states[i].candidates.size(); ++c)
      out += "    " + std::to_string(c + 1) + ". " + states[i].candidates[c].url + "  <- " +
             states[i].candidates[c].why + "\n";
  }
  return out;
}

Result<ArticleReport> ArchiveArticle(const std::string& path, const ArchiveOptions& options,
                                     Transport& transport) {
  auto loaded = LoadArticle(path);
  if (!loaded.ok()) return loaded.status();
  const Article& article = *loaded;
  std::vector<Reference> refs = ExtractReferences(article, options.extract);
  std::vector<ReferenceState> states = PlanCandidates(article, refs, options);
  std::vector<std::string> fetch_order;
  std::map<std::string, FetchOutcome> fetched =
      FetchReferences(states, transport, options.max_article_bytes, &fetch_order);

  auto work = TempDir::Create(options.out_dir, "rotproof-" + article.slug);
  if (!work.ok()) return work.status();
  const std::string warc_path = work->path() + "/data.warc.gz";
  auto writer = WarcWriter::Create(warc_path);
  if (!writer.ok()) return writer.status();

  const std::string date = W3cDate(options.capture_time);
  RecordWriter out(&*writer, article.slug, date, Digits14(options.capture_time));
  bool markdown = article.kind == ArticleKind::kMarkdown;
  const std::string article_type = markdown ? "text/markdown" : "text/html";

  Manifest m;
  m.slug = article.slug;
  m.source_name = article.source_name.substr(article.source_name.rfind('/') + 1);
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

  auto holders = WriteExchanges(out, fetch_order, fetched);
  if (!holders.ok()) return holders.status();

  ArticleReport report;
  report.source = path;
  report.references = refs.size();
  AssetNamer namer;
  std::vector<Splice> splices;         // local paths, for the rewritten article
  std::vector<Splice> replay_splices;  // archived URLs, for the replay page
  std::string header_image;
  std::map<std::string, bool> revisited;  // written URLs given a revisit record
  for (size_t i = 0; i < refs.size(); ++i) {
    ManifestEntry e;
    e.where = refs[i].where;
    e.url = refs[i].url;
    e.span = refs[i].span;
    e.candidates = states[i].attempts;
    if (const FetchOutcome* o = states[i].fetched) {
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
      splices.push_back({refs[i].span, e.local_path});
      replay_splices.push_back({refs[i].span, o->url});
      if (header_image.empty() && refs[i].span.begin < article.body_offset) header_image = o->url;
      ++report.archived;
      // The URL as written (a proxy's, a twin's) resolves in the archive too.
      std::string written = AbsoluteUrl(refs[i].url, options.resolve.base_url);
      if (!written.empty() && !fetched.count(written) && !revisited[written]) {
        revisited[written] = true;
        WarcRecord r = out.Revisit(written, holder, x.payload_digest, "");
        ROTPROOF_RETURN_IF_ERROR(out.Write(r, written, "warc/revisit"));
      }
    } else {
      e.reason = FailureReason(states[i]);
      report.failures.push_back(e.where + " " + e.url + ": " + e.reason);
    }
    m.references.push_back(std::move(e));
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
  // archived URLs, so they resolve inside this archive.
  const std::string page_uri = "https://rotproof.invalid/" + PercentEncode(article.slug) + "/";
  WarcRecord page = out.Next("resource", page_uri);
  page.content_type = "text/html";
  page.block = RenderArticleHtml(article, replay_splices, header_image);
  page.payload_digest = Sha256Digest(page.block);
  ROTPROOF_RETURN_IF_ERROR(out.Write(page, page_uri, "text/html"));

  WarcRecord manifest = out.Next("metadata", "urn:rotproof:manifest:" + PercentEncode(article.slug));
  manifest.content_type = "application/json";
  manifest.fields.push_back({"WARC-Refers-To", original.record_id});
  manifest.block = ManifestToJson(m);
  ROTPROOF_RETURN_IF_ERROR(out.Write(manifest));
  ROTPROOF_RETURN_IF_ERROR(writer->Close());

  if (options.format == ArchiveOptions::Format::kWarc) {
    report.archive_path = options.out_dir + "/" + article.slug + ".warc.gz";
    ROTPROOF_RETURN_IF_ERROR(RenameInto(warc_path, report.archive_path));
    return report;
  }
  WaczContents wacz;
  wacz.warc_path = warc_path;
  wacz.index = out.TakeIndex();
  wacz.title = article.title.empty() ? article.slug : article.title;
  wacz.main_page_url = page_uri;
  wacz.main_page_date = date;
  wacz.created = date;
  wacz.mtime = options.capture_time;
  wacz.sign_key_path = options.sign_key_path;
  report.archive_path = options.out_dir + "/" + article.slug + ".wacz";
  const std::string tmp = work->path() + "/package.wacz";
  ROTPROOF_RETURN_IF_ERROR(WriteWacz(wacz, tmp));
  ROTPROOF_RETURN_IF_ERROR(RenameInto(tmp, report.archive_path));
  return report;
}

}  // namespace rotproof
