#include "rotproof/check_run.h"

#include <filesystem>
#include <map>
#include <set>

#include "rotproof/fs.h"
#include "rotproof/http_head.h"

namespace rotproof {
namespace {

using Request = FetchOptions::Request;

// Each URL's outcome with one kind of request, through the archiving engine.
std::map<std::string, FetchOutcome> Probe(const std::vector<std::string>& urls, FetchOptions options, Request request,
                                          size_t* requests) {
  std::map<std::string, FetchOutcome> outcomes;
  if (urls.empty()) return outcomes;
  options.request = request;
  CurlTransport transport(options);
  transport.Submit(urls, 0);
  for (auto done = transport.Wait(); !done.empty(); done = transport.Wait())
    for (FetchOutcome& o : done) {
      *requests += static_cast<size_t>(std::max(o.attempts, 1)) + (o.hops.empty() ? 0 : o.hops.size() - 1);
      outcomes[o.url] = std::move(o);
    }
  return outcomes;
}

// A HEAD that says nothing useful: refused, or without length or validator.
bool NeedsGet(const FetchOutcome& head) {
  const Exchange* x = head.Final();
  if (x == nullptr) return false;
  if (x->status == 405 || x->status == 501 || x->status == 400 || x->status == 403) return true;
  return x->status == 200 && HeaderValue(x->response_head, "x-orig-content-length").empty() &&
         HeaderValue(x->response_head, "etag").empty();
}

}  // namespace

int CheckReport::ExitCode() const {
  for (const CheckedLink& l : links)
    if (l.newly_dead) return 1;
  return 0;
}

Result<CheckReport> RunCheck(const std::vector<std::string>& archives, const CheckOptions& options) {
  auto watched = WatchedLinksOf(archives);
  if (!watched.ok()) return watched.status();
  auto history = LinkHistory::Open(options.db_path);
  if (!history.ok()) return history.status();
  CheckReport report;
  report.checked_at = options.now;
  std::map<std::string, size_t> index;
  for (WatchedLink& w : *watched) {
    auto [it, fresh] = index.emplace(w.copy.url, report.links.size());
    if (fresh) report.links.push_back({w.copy.url, {}, {}, {}, false});
    report.links[it->second].uses.push_back(std::move(w));
  }
  std::vector<std::string> urls;
  for (const CheckedLink& l : report.links) urls.push_back(l.url);

  auto spool = TempDir::Create(std::filesystem::temp_directory_path().string());
  if (!spool.ok()) return spool.status();
  FetchOptions fetch = options.fetch;
  fetch.spool_dir = spool->path();
  Request first = options.deep ? Request::kWhole : Request::kHead;
  std::map<std::string, FetchOutcome> probes = Probe(urls, fetch, first, &report.requests);
  std::vector<std::string> again;
  for (const auto& [url, o] : probes)
    if (!options.deep && NeedsGet(o)) again.push_back(url);
  for (auto& [url, o] : Probe(again, fetch, Request::kFirstBytes, &report.requests)) probes[url] = std::move(o);

  // Bytes that differ may be a placeholder the server gives any path: the
  // URL and a made-up sibling are asked again in one form and compared.
  std::set<std::string> doubtful;
  for (CheckedLink& l : report.links) {
    l.verdict = Classify(l.uses.front().copy, probes[l.url], nullptr, options.deep);
    if (l.verdict.state != LinkState::kChanged) continue;
    doubtful.insert(SiblingUrl(l.url));
    if (!options.deep) doubtful.insert(l.url);
  }
  std::map<std::string, FetchOutcome> asked =
      Probe({doubtful.begin(), doubtful.end()}, fetch, options.deep ? Request::kWhole : Request::kFirstBytes,
            &report.requests);
  for (CheckedLink& l : report.links) {
    if (l.verdict.state == LinkState::kChanged) {
      const FetchOutcome& mine = options.deep ? probes[l.url] : asked[l.url];
      l.verdict = Classify(l.uses.front().copy, mine, &asked[SiblingUrl(l.url)], options.deep);
    }
    LinkSummary before = history->Summarize(l.url, options.rule, options.now);
    bool was_dead = before.last_check > 0 && history->Summarize(l.url, options.rule, before.last_check).dead;
    ROTPROOF_RETURN_IF_ERROR(history->Record(l.url, options.now, l.verdict.state, l.verdict.detail));
    l.summary = history->Summarize(l.url, options.rule, options.now);
    l.newly_dead = l.summary.dead && !was_dead;
  }
  report.tallies = history->Tallies();
  return report;
}

}  // namespace rotproof
