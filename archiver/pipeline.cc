#include "rotproof/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "rotproof/article.h"
#include "rotproof/digest.h"
#include "rotproof/fs.h"
#include "rotproof/manifest.h"
#include "rotproof/rewrite.h"
#include "rotproof/wacz.h"
#include "rotproof/warc.h"

namespace rotproof {
namespace {

// Where one reference stands while candidates are tried in order.
struct ReferenceState {
  std::vector<Candidate> candidates;
  size_t next = 0;
  std::vector<CandidateAttempt> attempts;
  const FetchOutcome* fetched = nullptr;  // the successful candidate's outcome
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
  return t.empty() ? "application/octet-stream" : t;
}

// Tries candidates in order, fetching a round of distinct URLs at a time,
// until each reference has a good response or no candidates left.
std::map<std::string, FetchOutcome> FetchReferences(std::vector<ReferenceState>& states,
                                                    Transport& transport,
                                                    std::vector<std::string>* fetch_order) {
  std::map<std::string, FetchOutcome> fetched;
  for (;;) {
    std::vector<std::string> round;
    for (ReferenceState& s : states) {
      while (s.fetched == nullptr && s.next < s.candidates.size()) {
        const Candidate& c = s.candidates[s.next];
        auto it = fetched.find(c.url);
        if (it == fetched.end()) {
          if (std::find(round.begin(), round.end(), c.url) == round.end())
            round.push_back(c.url);
          break;
        }
        s.attempts.push_back({c.url, c.why, it->second.ok ? "ok" : it->second.error});
        if (it->second.ok) s.fetched = &it->second;
        ++s.next;
      }
    }
    if (round.empty()) break;
    std::vector<FetchOutcome> outcomes = transport.FetchAll(round);
    for (FetchOutcome& o : outcomes) {
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

class RecordSequence {
 public:
  RecordSequence(std::string slug, std::string date) : slug_(std::move(slug)), date_(std::move(date)) {}
  WarcRecord Next(const std::string& type, const std::string& uri) {
    WarcRecord r;
    r.type = type;
    r.date = date_;
    r.record_id = RecordIdFor(slug_ + "|" + std::to_string(n_++) + "|" + type + "|" + uri);
    if (!uri.empty()) r.fields.push_back({"WARC-Target-URI", uri});
    return r;
  }

 private:
  std::string slug_, date_;
  int n_ = 0;
};

}  // namespace

Result<ArticleReport> ArchiveArticle(const std::string& path, const ArchiveOptions& options,
                                     Transport& transport) {
  auto loaded = LoadArticle(path);
  if (!loaded.ok()) return loaded.status();
  const Article& article = *loaded;
  std::vector<Reference> refs = ExtractReferences(article, options.extract);

  std::vector<ReferenceState> states(refs.size());
  for (size_t i = 0; i < refs.size(); ++i)
    states[i].candidates = ResolveCandidates(refs, i, options.rules, options.resolve);
  std::vector<std::string> fetch_order;
  std::map<std::string, FetchOutcome> fetched = FetchReferences(states, transport, &fetch_order);

  auto work = TempDir::Create(options.out_dir, "rotproof-" + article.slug);
  if (!work.ok()) return work.status();
  const std::string warc_path = work->path() + "/data.warc.gz";
  auto writer = WarcWriter::Create(warc_path);
  if (!writer.ok()) return writer.status();

  const std::string date = W3cDate(options.capture_time);
  const std::string timestamp = date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2) +
                                date.substr(11, 2) + date.substr(14, 2) + date.substr(17, 2);
  RecordSequence seq(article.slug, date);
  std::vector<CdxjEntry> index;
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

  WarcRecord info = seq.Next("warcinfo", "");
  info.content_type = "application/warc-fields";
  info.block = "software: rotproof/" ROTPROOF_VERSION
               "\r\nformat: WARC File Format 1.1\r\n"
               "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
               "warc-format/warc-1.1/\r\narticle: " + m.source_name + "\r\n";
  auto info_loc = writer->Write(info);
  if (!info_loc.ok()) return info_loc.status();
  auto with_info = [&info](WarcRecord r) {
    r.fields.push_back({"WARC-Warcinfo-ID", info.record_id});
    return r;
  };

  WarcRecord original = with_info(seq.Next("resource", m.original_uri));
  original.content_type = article_type;
  original.block = article.bytes;
  original.payload_digest = Sha256Digest(article.bytes);
  auto original_loc = writer->Write(original);
  if (!original_loc.ok()) return original_loc.status();
  m.original_record_id = original.record_id;
  m.original_digest = original.payload_digest;
  index.push_back({m.original_uri, timestamp, article_type, 200, original.payload_digest,
                   original_loc->offset, original_loc->length});

  std::map<const Exchange*, std::string> response_ids;
  for (const std::string& url : fetch_order) {
    for (const Exchange& x : fetched.at(url).hops) {
      WarcRecord req = with_info(seq.Next("request", x.url));
      WarcRecord resp = with_info(seq.Next("response", x.url));
      req.content_type = "application/http;msgtype=request";
      req.block = x.request_head;
      resp.content_type = "application/http;msgtype=response";
      resp.block = x.response_head;
      resp.block_file = x.body_path;
      resp.payload_digest = x.payload_digest;
      if (!x.ip.empty()) {
        req.fields.push_back({"WARC-IP-Address", x.ip});
        resp.fields.push_back({"WARC-IP-Address", x.ip});
      }
      req.fields.push_back({"WARC-Concurrent-To", resp.record_id});
      resp.fields.push_back({"WARC-Concurrent-To", req.record_id});
      for (const WarcRecord* r : {&req, &resp}) {
        auto loc = writer->Write(*r);
        if (!loc.ok()) return loc.status();
        if (r == &resp)
          index.push_back({x.url, timestamp, MediaType(x.content_type), static_cast<int>(x.status),
                           x.payload_digest, loc->offset, loc->length});
      }
      response_ids[&x] = resp.record_id;
    }
  }

  ArticleReport report;
  report.source = path;
  report.references = refs.size();
  AssetNamer namer;
  std::vector<Splice> splices;
  for (size_t i = 0; i < refs.size(); ++i) {
    ManifestEntry e;
    e.where = refs[i].where;
    e.url = refs[i].url;
    e.span = refs[i].span;
    e.candidates = states[i].attempts;
    if (const FetchOutcome* o = states[i].fetched) {
      const Exchange& x = *o->Final();
      e.archived = true;
      e.archived_url = o->url;
      e.record_id = response_ids.at(&x);
      e.payload_digest = x.payload_digest;
      e.bytes = x.body_bytes;
      e.content_type = x.content_type;
      e.local_path = namer.PathFor(o->url, x.payload_digest, x.content_type);
      splices.push_back({refs[i].span, e.local_path});
      ++report.archived;
    } else {
      e.reason = FailureReason(states[i]);
      report.failures.push_back(e.where + " " + e.url + ": " + e.reason);
    }
    m.references.push_back(std::move(e));
  }
  auto rewritten = ApplySplices(article.bytes, splices);
  if (!rewritten.ok()) return rewritten.status();

  WarcRecord rewritten_rec = with_info(seq.Next("resource", m.rewritten_uri));
  rewritten_rec.content_type = article_type;
  rewritten_rec.block = *rewritten;
  rewritten_rec.payload_digest = Sha256Digest(*rewritten);
  m.rewritten_record_id = rewritten_rec.record_id;
  m.rewritten_digest = rewritten_rec.payload_digest;
  auto rewritten_loc = writer->Write(rewritten_rec);
  if (!rewritten_loc.ok()) return rewritten_loc.status();
  index.push_back({m.rewritten_uri, timestamp, article_type, 200, rewritten_rec.payload_digest,
                   rewritten_loc->offset, rewritten_loc->length});

  WarcRecord manifest = with_info(seq.Next("metadata", "urn:rotproof:manifest:" +
                                                           PercentEncode(article.slug)));
  manifest.content_type = "application/json";
  manifest.fields.push_back({"WARC-Refers-To", original.record_id});
  manifest.block = ManifestToJson(m);
  auto manifest_loc = writer->Write(manifest);
  if (!manifest_loc.ok()) return manifest_loc.status();
  ROTPROOF_RETURN_IF_ERROR(writer->Close());

  WaczContents wacz;
  wacz.warc_path = warc_path;
  wacz.index = std::move(index);
  wacz.title = article.title.empty() ? article.slug : article.title;
  wacz.main_page_url = m.rewritten_uri;
  wacz.main_page_date = date;
  wacz.created = date;
  wacz.mtime = options.capture_time;
  report.archive_path = options.out_dir + "/" + article.slug + ".wacz";
  const std::string tmp = work->path() + "/package.wacz";
  ROTPROOF_RETURN_IF_ERROR(WriteWacz(wacz, tmp));
  ROTPROOF_RETURN_IF_ERROR(RenameInto(tmp, report.archive_path));
  return report;
}

}  // namespace rotproof
