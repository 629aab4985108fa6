#include "rotproof/pipeline.h"

#include "plan.h"
#include "rotproof/batch.h"

namespace rotproof {

Result<ArticleReport> ArchiveArticle(const std::string& path, const ArchiveOptions& options, Transport& transport) {
  BatchArchiver batch(options, transport, 1);
  Result<ArticleReport> result = Status::InvalidInput(path + ": not archived");
  batch.Run({path}, [&result](const std::string&, const Result<ArticleReport>& r) { result = r; });
  return result;
}

Result<std::string> ExplainArticle(const std::string& path, const ArchiveOptions& options) {
  ArticleJob job;
  job.input = path;
  LoadJob(job, options);
  if (!job.error.ok()) return job.error;
  std::string out = path + ": " + std::to_string(job.refs.size()) + " references\n";
  for (size_t i = 0; i < job.refs.size(); ++i) {
    const Reference& r = job.refs[i];
    const std::vector<Candidate>& candidates = job.states[i].candidates;
    out += "[" + std::to_string(i) + "] " + r.where + " at bytes " + std::to_string(r.span.begin) + "-" +
           std::to_string(r.span.end) + ": " + r.url + "\n";
    if (candidates.empty()) out += "    (no candidate: relative URL and no --base-url)\n";
    for (size_t c = 0; c < candidates.size(); ++c)
      out += "    " + std::to_string(c + 1) + ". " + candidates[c].url + "  <- " + candidates[c].why + "\n";
  }
  return out;
}

}  // namespace rotproof
