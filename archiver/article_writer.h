#pragma once
// Writing one settled article: the manifest is built from what was fetched
// (a pure step, testable alone), the records are written, and the package
// is made in the chosen format.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "job.h"
#include "records.h"
#include "rotproof/manifest.h"
#include "rotproof/pipeline.h"
#include "rotproof/rewrite.h"

namespace rotproof {

// What an article's references came to, before its own records are written.
struct ArticlePlan {
  Manifest manifest;                   // its rewritten record's id and digest are filled when written
  std::vector<Splice> splices;         // local paths, for the rewritten article
  std::vector<Splice> replay_splices;  // archived URLs, for the replay page
  std::string header_image;            // the front matter's image, archived URL
  // URLs as the article writes them (a proxy's, a twin's), each with the
  // stored payload it resolves to: recorded as revisits, so the original
  // post's URLs resolve inside the archive too.
  struct Revisit {
    std::string uri;
    StoredPayload holder;
    std::string payload_digest;
  };
  std::vector<Revisit> revisits;
  ArticleReport report;
};

// Builds the plan of `job` from `holders`, the record that stores each
// fetched exchange's payload, and `recorded`, the URLs already recorded.
// Pure: writes nothing.
ArticlePlan BuildManifest(const ArticleJob& job, const std::map<const Exchange*, StoredPayload>& holders,
                          const std::set<std::string>& recorded);

// Writes `job`'s archive into options.out_dir from the fetches `outcomes`
// (its page, then every candidate tried). Runs on a writer thread: it reads
// `job`, `outcomes` and `options` only. Errors: the WARC or package could
// not be written (no partial file is left under the final name).
Result<ArticleReport> WriteArticle(const ArticleJob& job, const std::vector<const FetchOutcome*>& outcomes,
                                   const ArchiveOptions& options);

}  // namespace rotproof
