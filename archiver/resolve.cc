#include "rotproof/resolve.h"

#include <algorithm>
#include <map>

#include "rotproof/structure.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

void AddUnique(std::vector<Candidate>* out, Candidate c) {
  bool seen = std::any_of(out->begin(), out->end(), [&](const Candidate& o) { return o.url == c.url; });
  if (!seen) out->push_back(std::move(c));
}

// The chain url → ... → innermost origin, innermost first: at each level a
// named rule, else the URL's structure. Rules read the URLs as written; what
// is fetched and stored is their canonical form. A structural level's other
// guesses (http beside https) go to `alternatives`.
std::vector<Candidate> Unwrap(const std::string& url, const std::string& label, const RuleSet& rules, int depth,
                              std::vector<Candidate>* alternatives) {
  std::vector<Candidate> chain = {{CanonicalUrl(url), label + "as written"}};
  std::string current = url;
  Candidate structural;  // the last structural level's marks, for the levels below it
  for (int i = 0; i < depth; ++i) {
    std::string rule;
    if (auto next = rules.UnwrapOnce(current, &rule)) {
      chain.push_back(structural);
      chain.back().url = CanonicalUrl(*next);
      chain.back().why = label + "origin (unwrapped by rule " + rule + ")";
      current = *next;
      continue;
    }
    std::vector<EmbeddedOrigin> found = FindEmbeddedOrigins(current);
    if (found.empty()) break;
    auto parts = SplitUrl(current);
    structural.guessed = true;
    structural.structural_host = parts ? parts->host : "";
    structural.rule_carrier = found[0].carrier;
    for (size_t k = 0; k < found.size(); ++k) {
      Candidate c = structural;
      c.url = CanonicalUrl(found[k].url);
      c.why = label + "origin (by structure: " + found[k].detector + ")";
      (k == 0 ? chain : *alternatives).push_back(std::move(c));
    }
    current = found[0].url;
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

bool IsTwinAttribute(const std::string& where) {
  return where == "img@src" || where == "img@data-original" || where == "img@data-src" ||
         where == "img@data-lazy-src" || where == "img@data-actualsrc" || where == "img@data-echo";
}

// Unproxied URLs (each source's innermost origin) come first, then origins
// guessed from structure, then a web archive's capture as raw bytes, then
// any URL that still goes through a proxy.
std::vector<Candidate> CandidatesFrom(const Reference& ref, const std::vector<const Reference*>& sources,
                                      const RuleSet& rules, const ResolveOptions& options) {
  std::vector<Candidate> direct, guessed, captures, proxied;
  for (const Reference* src : sources) {
    std::string absolute = AbsoluteReferenceUrl(*src, options);
    if (absolute.empty()) continue;
    std::string label = src == &ref ? "" : "twin " + src->where + " ";
    std::vector<Candidate> alternatives;
    std::vector<Candidate> chain = Unwrap(absolute, label, rules, options.max_unwrap_depth, &alternatives);
    (chain.front().guessed ? guessed : direct).push_back(chain.front());
    guessed.insert(guessed.end(), alternatives.begin(), alternatives.end());
    if (std::optional<std::string> raw = RawCaptureUrl(absolute))
      captures.push_back({CanonicalUrl(*raw), label + "the capture's raw bytes (id_)", Candidate::Kind::kMirror});
    for (auto it = chain.begin() + 1; it != chain.end(); ++it) {
      it->kind = Candidate::Kind::kProxy;
      proxied.push_back(*it);
    }
  }
  std::vector<Candidate> out;
  for (auto* bucket : {&direct, &guessed, &captures, &proxied})
    for (Candidate& c : *bucket) AddUnique(&out, c);
  return out;
}

}  // namespace

std::string AbsoluteReferenceUrl(const Reference& ref, const ResolveOptions& options) {
  return AbsoluteUrl(ref.url, ref.site_relative && !options.site_url.empty() ? options.site_url : options.base_url);
}

std::vector<std::vector<Candidate>> ResolveCandidates(const std::vector<Reference>& refs, const RuleSet& rules,
                                                      const ResolveOptions& options) {
  // The twin attributes of each element, found in one pass.
  std::map<int, std::vector<const Reference*>> twins;
  for (const Reference& r : refs)
    if (r.element >= 0 && IsTwinAttribute(r.where)) twins[r.element].push_back(&r);
  std::vector<std::vector<Candidate>> all;
  all.reserve(refs.size());
  for (const Reference& ref : refs) {
    std::vector<const Reference*> sources = {&ref};
    if (ref.element >= 0 && IsTwinAttribute(ref.where))
      for (const Reference* other : twins[ref.element])
        if (other != &ref) sources.push_back(other);
    all.push_back(CandidatesFrom(ref, sources, rules, options));
  }
  return all;
}

}  // namespace rotproof
