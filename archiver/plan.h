#pragma once
// Loading and planning: an article (a file, or a live page's fetched body)
// becomes a job whose every reference has its ordered candidates. The
// resolve stage's decisions live here: which mirrors are tried and with
// which timestamp, and a linked stylesheet's url(...) assets, which go
// through the same resolution as every other reference.

#include <string>
#include <vector>

#include "job.h"
#include "rotproof/pipeline.h"

namespace rotproof {

// Reads `job.input` (a file), or parses `job.page` (a live page's fetch),
// then plans its references. Failures go to `job.error`. Runs on a loader
// thread: it reads `options` and the page only.
void LoadJob(ArticleJob& job, const ArchiveOptions& options);

// Parses the loaded article and lists each reference's candidates: the
// resolved ones (rules, twins, the URL as written), then the mirrors. A
// live page's own <base href> and URL are what its relative references
// resolve against.
void PlanReferences(ArticleJob& job, const ArchiveOptions& options);

// Adds the url(...) assets of the stylesheet that reference `ref` of `job`
// fetched (`stylesheet`, its final exchange), one level deep. Returns true
// when it added any; a body that is not a stylesheet, or does not decode
// within limits, adds none.
bool PlanStylesheetAssets(ArticleJob& job, size_t ref, const Exchange& stylesheet, const ArchiveOptions& options);

// The article's date as YYYYMMDDhhmmss: ISO-like dates by their digits,
// others (RFC 822 "Wed, 31 Aug 2022 01:23:00 GMT") through curl_getdate;
// `fallback` (Unix seconds) when it has none.
std::string ArticleTimestamp(const Article& article, int64_t fallback);

// Mirror candidates for a reference whose best candidate is `origin`: each
// template with {url} and {timestamp} filled in.
std::vector<Candidate> MirrorCandidates(const std::string& origin, const std::string& timestamp,
                                        const std::vector<std::string>& mirrors);

// What a web archive's index answered for `state`'s current candidate (an
// index lookup, `answer` its fetch): the closest captures to `timestamp`
// become the candidates right after it, each kept only if its bytes are a
// picture. Returns the attempt's text ("3 captures, closest first", or why
// none).
std::string SettleIndexLookup(ReferenceState* state, const FetchOutcome& answer, const std::string& timestamp,
                              const RescueOptions& rescue);

}  // namespace rotproof
