#pragma once
// Link-rot watching: each archived reference's origin (and the URL as
// written) probed again, told apart as alive, changed, moved, soft-404,
// gone, blocked or flaky against what the archive holds, and remembered
// between runs (link_history.h) so that one bad day is not a dead link.

#include <cstdint>
#include <string>
#include <vector>

#include "rotproof/exchange.h"
#include "rotproof/fetch.h"
#include "rotproof/status.h"

namespace rotproof {

enum class LinkState { kAlive, kChanged, kMoved, kSoft404, kGone, kBlocked, kFlaky };

// "alive", "changed", "moved", "soft-404", "gone", "blocked", "flaky".
const char* LinkStateName(LinkState state);
// The failures that count towards a dead link: gone, soft-404 and flaky
// (a link that times out for weeks is dead too). Blocked says nothing.
bool IsFailure(LinkState state);

// What an archive holds for one URL: the bytes' digest and length and the
// validators its server sent.
struct ArchivedCopy {
  std::string url;
  std::string digest;  // "sha256:<hex>" of the payload
  uint64_t bytes = 0;
  std::string etag;
  std::string last_modified;
};

// One URL to check, with where it is used.
struct WatchedLink {
  ArchivedCopy copy;
  std::string article;      // the archive's title (or slug)
  std::string archive;      // its file
  std::string where;        // "img@src", "fm:cover", ...
  bool as_written = false;  // the URL as the article wrote it (a proxy's), not the one that served
};

// The URLs every archived reference of `archives` names: the URL that
// served its bytes, and the URL as written when it differs. Validators are
// read from the response records' HTTP heads. Errors: InvalidInput naming an
// archive without a readable manifest.
Result<std::vector<WatchedLink>> WatchedLinksOf(const std::vector<std::string>& archives);

struct Verdict {
  LinkState state = LinkState::kFlaky;
  std::string detail;    // one line: "HTTP 410", "length 5120, archived 4096", "-> https://..."
  std::string moved_to;  // kMoved: where it now is
};

// How one probe reads against the archived copy. `probe` is a HEAD, a
// ranged GET (206 with Content-Range) or, with `deep`, a whole GET whose
// digest is compared; `sibling` (may be null) is the answer to a made-up
// path beside the URL: a server that answers it as it answers the URL
// serves a placeholder, not the picture. Pure: no I/O.
Verdict Classify(const ArchivedCopy& copy, const FetchOutcome& probe, const FetchOutcome* sibling, bool deep);

// A made-up URL beside `url` (same directory, a name no site has), for
// Classify's sibling.
std::string SiblingUrl(const std::string& url);

}  // namespace rotproof
