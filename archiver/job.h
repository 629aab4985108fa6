#pragma once
// The pipeline's model, as ninja's graph.h: one article's job and where each
// of its references stands. Plain data; the stages fill it in one way:
// load and plan (plan.cc) → fetch (batch.cc, through the transport) →
// write (article_writer.cc) → package (package.cc).

#include <future>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rotproof/article.h"
#include "rotproof/fetch.h"
#include "rotproof/manifest.h"
#include "rotproof/reference.h"
#include "rotproof/resolve.h"
#include "rotproof/site.h"
#include "rotproof/status.h"

namespace rotproof {

// Where one reference stands while its candidates are tried in order.
struct ReferenceState {
  std::vector<Candidate> candidates;
  size_t next = 0;                         // the next candidate to try
  std::vector<CandidateAttempt> attempts;  // one per candidate tried (or, settled, not tried)
  const FetchOutcome* fetched = nullptr;   // the successful candidate's outcome

  // True when nothing more will be fetched for it.
  bool Settled() const { return fetched != nullptr || next >= candidates.size(); }
};

// A url(...) inside a stylesheet the article links: fetched one level deep.
struct StylesheetAsset {
  size_t stylesheet = 0;  // index of the link@href reference
  Reference ref;          // its url as written; span in the stylesheet's decoded body
  ReferenceState state;
};

// One article on its way through the pipeline.
struct ArticleJob {
  std::string input;
  bool live = false;  // input is an http(s) URL
  Status error;       // set when the article cannot be archived
  Article article;
  ResolveOptions resolve;
  // The blog source tree the article file belongs to, and its page there:
  // relative references resolve against the page and come from its files.
  std::optional<Site> site;
  SitePage site_page;
  std::string timestamp;  // the article's date, YYYYMMDDhhmmss (mirror URLs)
  std::vector<Reference> refs;
  BaseHrefValue base_href;
  std::vector<ReferenceState> states;  // one per ref
  const FetchOutcome* page = nullptr;  // live pages: the fetch that served it
  std::vector<StylesheetAsset> css_assets;
  std::set<size_t> scanned;  // link@href references already scanned
  // Loading (reading or parsing, then planning) runs on a loader thread;
  // the fetching thread leaves the job alone until it has ended.
  std::future<void> loading;
  bool loaded = false;

  // Every reference state: the article's, then its stylesheets' assets.
  std::vector<ReferenceState*> AllStates();
  std::vector<const ReferenceState*> AllStates() const;
};

inline std::vector<ReferenceState*> ArticleJob::AllStates() {
  std::vector<ReferenceState*> out;
  for (ReferenceState& s : states) out.push_back(&s);
  for (StylesheetAsset& a : css_assets) out.push_back(&a.state);
  return out;
}

inline std::vector<const ReferenceState*> ArticleJob::AllStates() const {
  std::vector<const ReferenceState*> out;
  for (const ReferenceState& s : states) out.push_back(&s);
  for (const StylesheetAsset& a : css_assets) out.push_back(&a.state);
  return out;
}

}  // namespace rotproof
