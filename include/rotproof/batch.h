#pragma once
// Batches: many articles through one transport, and the batch run the CLI
// makes (journal, resume, link-rot report).

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rotproof/fetch.h"
#include "rotproof/journal.h"
#include "rotproof/pipeline.h"
#include "rotproof/status.h"

namespace rotproof {

// Archives articles: files (Markdown or HTML) and live pages (http(s) URLs,
// fetched and stored as the exchange that served them). Up to
// `articles_in_flight` articles fetch together through one transport, and
// a URL fetched for one article is reused by every later one (each archive
// still holds its own copy). Articles are loaded and written on threads of
// their own while fetching goes on; `done` is called on the caller's
// thread. Not thread-safe itself.
class BatchArchiver {
 public:
  BatchArchiver(ArchiveOptions options, Transport& transport, size_t articles_in_flight = 32);
  ~BatchArchiver();
  BatchArchiver(const BatchArchiver&) = delete;
  BatchArchiver& operator=(const BatchArchiver&) = delete;

  // Archives `inputs` into options.out_dir, calling `done` after each
  // article, in input order, with its report or the error that stopped it
  // (unreadable or invalid input: nothing is written for it).
  void Run(const std::vector<std::string>& inputs,
           const std::function<void(const std::string& input, const Result<ArticleReport>&)>& done);

 private:
  class Scheduler;
  std::unique_ptr<Scheduler> scheduler_;
};

struct BatchOptions {
  ArchiveOptions archive;  // archive.out_dir: an existing directory
  FetchOptions fetch;      // fetch.spool_dir is made inside out_dir
  bool resume = false;     // skip inputs the journal says are done
  size_t articles_in_flight = 32;
  std::FILE* json_copy = nullptr;  // also gets report.json's text
};

// What a batch tells its caller as it goes (on the calling thread).
struct BatchEvents {
  // The journal is read: this many inputs are left to archive.
  std::function<void(size_t left)> started = [](size_t) {};
  // One article landed (or failed) and was journaled as `entry`.
  std::function<void(const Result<ArticleReport>&, const JournalEntry& entry)> archived =
      [](const Result<ArticleReport>&, const JournalEntry&) {};
};

// Runs a batch as `rotproof archive` does: opens the journal (OUTDIR in use
// or damaged: an error), skips finished inputs on resume, archives the rest
// through libcurl, journals each article as it lands, then writes the
// link-rot report over all of `inputs`. Returns the report's exit code.
// Errors: the journal or report could not be opened or written.
Result<int> RunBatch(const std::vector<std::string>& inputs, BatchOptions options, const BatchEvents& events);

}  // namespace rotproof
