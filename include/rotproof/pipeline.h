#pragma once
// The archiving pipeline for one article, stage by stage (docs/ARCHITECTURE.md):
// load → extract → resolve → fetch → write WARC → rewrite → package.
// Its options and outcome; BatchArchiver (batch.h) runs it for many.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rotproof/fetch.h"
#include "rotproof/manifest.h"
#include "rotproof/reference.h"
#include "rotproof/resolve.h"
#include "rotproof/rules.h"
#include "rotproof/status.h"
#include "rotproof/web_archive.h"

namespace rotproof {

struct ArchiveOptions {
  std::string out_dir;  // REQUIRED: existing directory for <slug>.wacz
  ExtractOptions extract;
  ResolveOptions resolve;
  RuleSet rules = RuleSet::Defaults();
  int64_t capture_time = 0;  // Unix seconds for every WARC-Date
  // URL templates tried after every candidate failed (Config::mirrors).
  std::vector<std::string> mirrors;
  uint64_t max_article_bytes = 0;  // body bytes fetched for one article; 0: no limit
  std::string sign_key_path;       // PEM P-384 key; empty: unsigned
  // kWacz writes <slug>.wacz; kWarc the bare <slug>.warc.gz with the same
  // records, for existing WARC pipelines.
  enum class Format { kWacz, kWarc } format = Format::kWacz;
  // Input → archive name (ArchiveNames); an input not listed is named by
  // SlugForInput.
  std::map<std::string, std::string> archive_names;
  // An article file inside a Hexo, Hugo or Jekyll source tree resolves its
  // relative references as the site serves them and takes them from disk
  // (site.h); false: against resolve.base_url only.
  bool local_sites = true;
  // Robust Links: each rewritten <img>/<a> (and the other elements whose
  // attribute names a picture) also gets data-originalurl (the URL as
  // written) and data-versiondate (the capture's day), so readers and tools
  // can still find the original.
  bool robust_links = false;
  // --rescue: a reference whose every candidate failed is looked up in a
  // web archive (web_archive.h).
  RescueOptions rescue;
};

// What became of one reference, for the link-rot report.
struct ReferenceOutcome {
  std::string where;
  std::string url;
  using Source = ReferenceSource;
  Source source = Source::kDead;
  std::string reason;  // kDead: why, one line
  // Archived from an origin guessed by structure: the host whose URL gave
  // it, and the carrier of a rule for that host ("" when none can).
  std::string structural_host{};
  std::string rule_carrier{};
};

// What archiving one article came to.
struct ArticleReport {
  std::string source;
  std::string title;
  std::string archive_path;  // the .wacz (or .warc.gz) written
  size_t references = 0;
  size_t archived = 0;
  uint64_t bytes = 0;  // asset bytes stored
  std::vector<ReferenceOutcome> outcomes;
};

// Archives one article (a batch of one) into `options.out_dir/<slug>.wacz`.
// References that cannot be fetched do not fail the call: they are listed in
// the report and the manifest. Errors: unreadable or invalid input (nothing
// is written), I/O errors writing the package (no partial file is left under
// the final name).
Result<ArticleReport> ArchiveArticle(const std::string& path, const ArchiveOptions& options, Transport& transport);

// Text that says, per reference of the article at `path`, where it sits and
// which candidates would be tried, in order, and why. Fetches nothing.
Result<std::string> ExplainArticle(const std::string& path, const ArchiveOptions& options);

}  // namespace rotproof
