#include "rotproof/check.h"

#include <map>
#include <set>

#include "rotproof/archive_file.h"
#include "rotproof/http_head.h"
#include "rotproof/manifest.h"
#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

// The HTTP heads of the wanted response records, as the archive streams past.
class HeadReader final : public WarcRecordSink {
 public:
  explicit HeadReader(std::set<std::string> wanted) : wanted_(std::move(wanted)) {}
  void OnHeader(const WarcRecordView& r) override {
    current_ = wanted_.count(r.Field("WARC-Record-ID")) ? r.Field("WARC-Record-ID") : "";
  }
  void OnBlock(std::string_view bytes) override {
    if (current_.empty()) return;
    std::string& head = heads[current_];
    if (head.find("\r\n\r\n") != std::string::npos || head.size() > kMaxHead) return;
    head.append(bytes.substr(0, kMaxHead));
  }
  void OnEnd(const WarcRecordView&, bool) override { current_.clear(); }

  std::map<std::string, std::string> heads;  // record id → its block's first bytes

 private:
  static constexpr size_t kMaxHead = 64 << 10;
  std::set<std::string> wanted_;
  std::string current_;
};

// The URL a redirect chain ends at names the same resource when only the
// scheme (http → https) or a trailing slash differs.
bool SameResource(const std::string& a, const std::string& b) {
  auto key = [](const std::string& url) {
    auto parts = SplitUrl(url);
    if (!parts) return url;
    std::string path = parts->path;
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return parts->host + path + "?" + parts->query;
  };
  return key(a) == key(b);
}

// The length of the resource a probe saw: a 206's Content-Range total, the
// Content-Length a HEAD was told (stored as X-Orig-Content-Length beside
// the empty body), or the body itself. -1 when unknown.
int64_t ResourceLength(const Exchange& x, bool whole_body) {
  if (whole_body && x.status == 200) return static_cast<int64_t>(x.body_bytes);
  std::string range = HeaderValue(x.response_head, "content-range");
  if (size_t slash = range.rfind('/'); slash != std::string::npos && range.substr(slash + 1) != "*")
    return std::strtoll(range.c_str() + slash + 1, nullptr, 10);
  if (x.status == 206) return -1;
  std::string told = HeaderValue(x.response_head, "x-orig-content-length");
  if (told.empty() && x.body_bytes > 0) return static_cast<int64_t>(x.body_bytes);
  if (told.empty()) told = HeaderValue(x.response_head, "content-length");
  return told.empty() ? -1 : std::strtoll(told.c_str(), nullptr, 10);
}

bool IsPage(const Exchange& x) { return MediaTypeOf(x.content_type) == "text/html" || x.sniffed_type == "text/html"; }

// Two answers that cannot be told apart: a server's placeholder.
bool SameAnswer(const Exchange& a, const Exchange& b) {
  if (a.status != b.status || MediaTypeOf(a.content_type) != MediaTypeOf(b.content_type)) return false;
  if (a.body_bytes > 0 && b.body_bytes > 0) return a.payload_digest == b.payload_digest;
  return ResourceLength(a, false) == ResourceLength(b, false);
}

Verdict NoAnswer(const FetchOutcome& probe) {
  const std::string& e = probe.error;
  bool unreachable = e.find("resolve") != std::string::npos || e.find("refused") != std::string::npos ||
                     e.find("connect to") != std::string::npos || e.find("refuses") != std::string::npos;
  return {unreachable ? LinkState::kGone : LinkState::kFlaky, e, ""};
}

// The links an article's archived pictures were fetched from, and the URLs
// its text wrote when they differ (a proxy, http for https).
void AddLinksOf(const Manifest& m, const std::string& archive, const std::map<std::string, std::string>& heads,
                std::vector<WatchedLink>* links) {
  std::string title = m.title.empty() ? m.slug : m.title;
  for (const ManifestEntry& e : m.references) {
    if (!e.archived || !IsLiveUrl(e.archived_url)) continue;  // a site's own file is no link
    auto head = heads.find(e.record_id);
    std::string_view h = head == heads.end() ? "" : std::string_view(head->second);
    ArchivedCopy copy{e.archived_url, e.payload_digest, e.bytes, HeaderValue(h, "etag"),
                      HeaderValue(h, "last-modified")};
    links->push_back({copy, title, archive, e.where, false});
    std::string written = CanonicalUrl(e.url);
    if (IsLiveUrl(written) && written != e.archived_url) {
      copy.url = written;
      links->push_back({copy, title, archive, e.where, true});
    }
  }
}

}  // namespace

const char* LinkStateName(LinkState state) {
  switch (state) {
    case LinkState::kAlive:
      return "alive";
    case LinkState::kChanged:
      return "changed";
    case LinkState::kMoved:
      return "moved";
    case LinkState::kSoft404:
      return "soft-404";
    case LinkState::kGone:
      return "gone";
    case LinkState::kBlocked:
      return "blocked";
    case LinkState::kFlaky:
      return "flaky";
  }
  return "flaky";
}

bool IsFailure(LinkState state) {
  return state == LinkState::kGone || state == LinkState::kSoft404 || state == LinkState::kFlaky;
}

Verdict Classify(const ArchivedCopy& copy, const FetchOutcome& probe, const FetchOutcome* sibling, bool deep) {
  const Exchange* last = probe.Final();
  if (last == nullptr) return NoAnswer(probe);
  long status = last->status;
  if (status >= 300 && status < 400) return {LinkState::kFlaky, probe.error, ""};  // a loop, too many hops
  std::string moved_to = SameResource(copy.url, last->url) ? "" : last->url;
  if (status == 404 || status == 410) return {LinkState::kGone, "HTTP " + std::to_string(status), moved_to};
  if (status == 401 || status == 403 || status == 429 || status == 451)
    return {LinkState::kBlocked, "HTTP " + std::to_string(status), moved_to};
  if (status >= 500) return {LinkState::kFlaky, "HTTP " + std::to_string(status), moved_to};
  if (status < 200 || status >= 300) return {LinkState::kGone, "HTTP " + std::to_string(status), moved_to};
  if (IsPage(*last)) return {LinkState::kSoft404, "a page (" + last->content_type + ") where a picture was", moved_to};
  if (!moved_to.empty()) return {LinkState::kMoved, "-> " + moved_to, moved_to};

  bool same;
  std::string detail;
  if (deep && last->status == 200) {
    same = last->payload_digest == copy.digest;
    detail = same ? "same bytes" : "other bytes (" + last->payload_digest.substr(0, 19) + "...)";
  } else {
    std::string etag = HeaderValue(last->response_head, "etag");
    std::string modified = HeaderValue(last->response_head, "last-modified");
    int64_t length = ResourceLength(*last, deep);
    bool length_agrees = length < 0 || static_cast<uint64_t>(length) == copy.bytes;
    auto strong = [](std::string tag) { return tag.rfind("W/", 0) == 0 ? tag.substr(2) : tag; };
    bool etag_agrees = true;
    if (!etag.empty() && !copy.etag.empty()) {  // the server's own word on the bytes
      etag_agrees = strong(etag) == strong(copy.etag);
      same = etag_agrees && length_agrees;
    } else if (!modified.empty() && !copy.last_modified.empty()) {
      same = modified == copy.last_modified && length_agrees;
    } else {
      same = length >= 0 && length_agrees;
    }
    detail = same ? "same length and validators"
                  : "length " + std::to_string(length) + ", archived " + std::to_string(copy.bytes) +
                        (etag_agrees ? "" : "; ETag differs");
  }
  if (same) return {LinkState::kAlive, detail, ""};
  if (sibling != nullptr && sibling->Final() != nullptr && SameAnswer(*sibling->Final(), *last))
    return {LinkState::kSoft404, "the same answer as a made-up path beside it", ""};
  return {LinkState::kChanged, detail, ""};
}

std::string SiblingUrl(const std::string& url) {
  auto parts = SplitUrl(url);
  if (!parts) return url + "rotproof-no-such-file";
  size_t slash = url.rfind('/', parts->path_offset + parts->path.size() - 1);
  std::string dir = slash == std::string::npos || slash < parts->path_offset ? url + "/" : url.substr(0, slash + 1);
  return dir + "rotproof-no-such-file-7f3a9c.png";
}

Result<std::vector<WatchedLink>> WatchedLinksOf(const std::vector<std::string>& archives) {
  std::vector<WatchedLink> links;
  for (const std::string& archive : archives) {
    // An article archive's one manifest, or each of a package's; a shared
    // picture's revisit record keeps the HTTP head its validators are in.
    std::vector<ReadIssue> issues;
    auto blocks = ReadManifestBlocks(archive, &issues);
    if (!blocks.ok()) return Status::InvalidInput(archive + ": " + blocks.status().message());
    std::vector<Manifest> manifests;
    std::set<std::string> wanted;
    for (const std::string& block : *blocks) {
      auto manifest = ParseManifest(block);
      if (!manifest.ok()) return Status::InvalidInput(archive + ": " + manifest.status().message());
      for (const ManifestEntry& e : manifest->references)
        if (e.archived) wanted.insert(e.record_id);
      manifests.push_back(std::move(manifest).value());
    }
    HeadReader reader(wanted);
    issues.clear();
    ROTPROOF_RETURN_IF_ERROR(StreamWarcRecords(archive, &reader, &issues));
    for (const Manifest& m : manifests) AddLinksOf(m, archive, reader.heads, &links);
  }
  return links;
}

}  // namespace rotproof
