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
  Request again = options.deep ? Request::kWhole : Request::kFirstBytes;
  std::map<std::string, FetchOutcome> answers = Probe(urls, fetch, first, &report.requests);

  // A second look, all in one pass: a ranged GET where the HEAD said too
  // little; where the bytes differ, the URL and a made-up sibling asked in
  // one form (a server that gives any path the same answer serves a
  // placeholder). A URL first seen differing on its GET has its sibling
  // asked after.
  std::map<std::string, FetchOutcome> looked;
  auto judge = [&](CheckedLink& l) {
    auto own = looked.find(l.url);
    auto sibling = looked.find(SiblingUrl(l.url));
    l.verdict = Classify(l.uses.front().copy, own != looked.end() ? own->second : answers[l.url],
                         sibling != looked.end() ? &sibling->second : nullptr, options.deep);
    return l.verdict.state == LinkState::kChanged && sibling == looked.end();
  };
  for (int round = 0; round < 2; ++round) {
    std::set<std::string> wanted;
    for (CheckedLink& l : report.links) {
      if (round == 0 && !options.deep && NeedsGet(answers[l.url])) {
        wanted.insert(l.url);
      } else if (judge(l)) {
        wanted.insert(SiblingUrl(l.url));
        if (!options.deep && !looked.count(l.url)) wanted.insert(l.url);
      }
    }
    for (auto& [url, o] : Probe({wanted.begin(), wanted.end()}, fetch, again, &report.requests))
      looked[url] = std::move(o);
  }
  for (CheckedLink& l : report.links) {
    judge(l);
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
