#pragma once
// Resolution: each reference becomes an ordered list of URLs to try.

#include <string>
#include <vector>

#include "rotproof/reference.h"
#include "rotproof/rules.h"

namespace rotproof {

struct Candidate {
  // kIndexLookup: not a picture but a web archive's index query
  // (web_archive.h); its answer adds the closest captures, as kMirror
  // candidates, right after it.
  enum class Kind { kOrigin, kProxy, kMirror, kIndexLookup };
  std::string url;
  std::string why;            // e.g. "origin (unwrapped by rule cors-zfour)"
  Kind kind = Kind::kOrigin;  // what serving it means for the link-rot report
  // Found by a URL's structure, not by a rule (structure.h): what it serves
  // is kept only if it sniffs as an image.
  bool guessed = false;
  // When guessed: the host whose URL structure gave it, and the carrier of a
  // rule that would unwrap that host (EmbeddedOrigin::carrier), for the
  // batch report's ready-to-paste rules.
  std::string structural_host{};
  std::string rule_carrier{};
  // Set when a file of the article's site (site.h) serves `url`: its bytes
  // come from that file, not the network.
  std::string local_file{};
  bool operator==(const Candidate& o) const { return url == o.url && why == o.why; }
};

struct ResolveOptions {
  // Absolute URL that relative references are resolved against; empty means
  // relative references cannot be fetched.
  std::string base_url;
  // The site's root URL, for site-relative references (Reference::
  // site_relative); empty: base_url.
  std::string site_url;
  int max_unwrap_depth = 4;  // proxies nest; each level is one rule match
};

// `ref`'s URL made absolute against the base URL (the site's root for a
// site-relative reference); "" when it cannot be.
std::string AbsoluteReferenceUrl(const Reference& ref, const ResolveOptions& options);

// Candidates for each of `refs`, in order, best first: the origin recovered
// through the rules (innermost first) and the element's twin attributes
// (data-original, data-src, src) that go through no proxy; then origins
// found by structure where no rule applies (FindEmbeddedOrigins, `guessed`);
// then the proxied URLs as written and every level between. No
// duplicates; every URL in canonical form (CanonicalUrl). Empty for a
// relative URL when there is no base URL. Linear in the references.
std::vector<std::vector<Candidate>> ResolveCandidates(const std::vector<Reference>& refs, const RuleSet& rules,
                                                      const ResolveOptions& options);

}  // namespace rotproof
