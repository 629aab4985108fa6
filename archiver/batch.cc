#include "rotproof/batch.h"

#include <algorithm>
#include <deque>
#include <new>

#include "article_writer.h"
#include "fetch_cache.h"
#include "job.h"
#include "plan.h"
#include "rotproof/fs.h"
#include "rotproof/link_report.h"
#include "rotproof/url.h"
#include "workers.h"

namespace rotproof {
namespace {

// Articles written at once, beside the fetching thread.
constexpr size_t kMaxWriting = 2;
// Articles read or parsed at once, beside the fetching thread: parsing
// (gumbo) is the largest part of its work.
constexpr size_t kMaxLoading = 2;

// One input's error when memory ran out: that input fails, the batch goes on.
Status OutOfMemory(const std::string& input, const char* doing) {
  return Status::IoError(input + ": out of memory " + doing);
}

// Candidates left untried once a reference is settled.
void FinishAttempts(ArticleJob& job) {
  for (ReferenceState* s : job.AllStates())
    for (size_t i = s->next; i < s->candidates.size(); ++i)
      s->attempts.push_back({s->candidates[i].url, s->candidates[i].why, CandidateAttempt::Outcome::kNotTried, ""});
}

// The URLs whose fetches `job` uses.
void PinUrlsOf(const ArticleJob& job, std::set<std::string>* pinned) {
  if (job.live) pinned->insert(job.input);
  for (const ReferenceState* s : job.AllStates())
    for (const CandidateAttempt& a : s->attempts) pinned->insert(a.url);
}

bool Settled(const ArticleJob& job) {
  if (!job.loaded) return false;
  if (!job.error.ok()) return true;
  auto states = job.AllStates();
  return std::all_of(states.begin(), states.end(), [](const ReferenceState* s) { return s->Settled(); });
}

}  // namespace

// Articles move through a window of `in_flight`: every live page and next
// candidate the window needs is submitted at once, and each finished fetch
// moves its references on. Articles are loaded on loader threads and
// written, once settled, on writer threads, while the calling thread keeps
// the transfers going; `done` hears of articles in input order.
class BatchArchiver::Scheduler {
 public:
  Scheduler(ArchiveOptions options, Transport& transport, size_t in_flight)
      : options_(std::move(options)),
        transport_(transport),
        // A per-article byte budget needs the article alone in the transport.
        window_size_(options_.max_article_bytes != 0 ? 1 : std::max<size_t>(1, in_flight)),
        cache_(transport) {}

  using Done = std::function<void(const std::string&, const Result<ArticleReport>&)>;

  void Run(const std::vector<std::string>& inputs, const Done& done) {
    size_t next = 0;
    for (;;) {
      while (window_.size() < window_size_ && next < inputs.size()) {
        ArticleJob& job = window_.emplace_back();
        job.input = inputs[next++];
        job.live = IsLiveUrl(job.input);
      }
      std::vector<std::string> pages = StartLoads();
      std::vector<ArticleJob*> loaded = Loaded();
      std::vector<std::string> round = NextCandidates(loaded);
      if (PlanStylesheets(loaded)) round = NextCandidates(loaded);
      uint64_t budget = ByteBudget(loaded);  // before settled jobs leave the window
      while (!window_.empty() && Settled(window_.front())) {
        StartWriting(std::move(window_.front()));
        window_.pop_front();
        Deliver(kMaxWriting, done);
      }
      Deliver(kMaxWriting, done);
      if (cache_.Full()) Evict();
      if (window_.empty() && next >= inputs.size()) return Deliver(0, done);
      round.insert(round.end(), pages.begin(), pages.end());
      if (!round.empty()) {
        cache_.FetchSome(round, budget, options_.max_article_bytes != 0);
      } else if (auto busy = std::find_if(window_.begin(), window_.end(),
                                          [](const ArticleJob& j) { return j.loading.valid(); });
                 busy != window_.end()) {
        busy->loading.wait();  // nothing to fetch until a job is planned
      }
    }
  }

 private:
  struct Writing {
    std::string input;
    std::future<Result<ArticleReport>> report;
    std::vector<std::string> urls;  // whose fetches the writer reads
  };

  // Starts loading every job whose input is at hand; returns the live pages
  // still to fetch first.
  std::vector<std::string> StartLoads() {
    std::vector<std::string> pages;
    for (ArticleJob& job : window_) {
      if (job.loaded || job.loading.valid()) continue;
      if (job.live) {
        job.page = cache_.Find(job.input);
        if (job.page == nullptr) {
          pages.push_back(job.input);
          continue;
        }
      }
      // Woken, a fetching thread waiting on the network plans the job at once.
      job.loading = loaders_.Submit([this, &job] {
        try {
          LoadJob(job, options_);
        } catch (const std::bad_alloc&) {
          job.error = OutOfMemory(job.input, "reading it");
        }
        transport_.Wakeup();
      });
    }
    return pages;
  }

  // The jobs loaded without error, their loading collected.
  std::vector<ArticleJob*> Loaded() {
    std::vector<ArticleJob*> loaded;
    for (ArticleJob& job : window_) {
      if (job.loading.valid() && job.loading.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        job.loading.get();
        job.loaded = true;
      }
      if (job.loaded && job.error.ok()) loaded.push_back(&job);
    }
    return loaded;
  }

  // Records the outcome of every candidate already fetched, in order, and
  // returns the URLs the `jobs` need fetched next.
  std::vector<std::string> NextCandidates(const std::vector<ArticleJob*>& jobs) {
    std::vector<std::string> round;
    for (ArticleJob* job : jobs) {
      for (ReferenceState* s : job->AllStates()) {
        while (!s->Settled()) {
          const Candidate& c = s->candidates[s->next];
          const FetchOutcome* fetched = cache_.Find(c.url);
          if (fetched == nullptr && !c.local_file.empty()) fetched = cache_.Keep(ServeLocalFile(c.url, c.local_file));
          if (fetched == nullptr) {
            round.push_back(c.url);
            break;
          }
          if (c.kind == Candidate::Kind::kIndexLookup) {
            CandidateAttempt attempt{c.url, c.why, CandidateAttempt::Outcome::kFailed, ""};
            attempt.error = SettleIndexLookup(s, *fetched, job->timestamp, options_.rescue);  // invalidates `c`
            s->attempts.push_back(std::move(attempt));
            ++s->next;
            continue;
          }
          std::string unusable = WhyUnusable(*fetched, c.guessed);
          if (unusable.empty()) {
            s->attempts.push_back({c.url, c.why, CandidateAttempt::Outcome::kOk, ""});
            s->fetched = fetched;
          } else {
            s->attempts.push_back({c.url, c.why, CandidateAttempt::Outcome::kFailed, std::move(unusable)});
          }
          ++s->next;
        }
      }
    }
    return round;
  }

  // Plans the url(...) assets of every newly fetched linked stylesheet.
  // Returns true when it added any.
  bool PlanStylesheets(const std::vector<ArticleJob*>& jobs) {
    bool added = false;
    for (ArticleJob* job : jobs)
      for (size_t i = 0; i < job->refs.size(); ++i) {
        const ReferenceState& s = job->states[i];
        if (job->refs[i].where != "link@href" || s.fetched == nullptr || !job->scanned.insert(i).second) continue;
        added |= PlanStylesheetAssets(*job, i, *s.fetched->Final(), options_);
      }
    return added;
  }

  // What is left of the first article's byte budget (0: no budget).
  uint64_t ByteBudget(const std::vector<ArticleJob*>& jobs) const {
    if (options_.max_article_bytes == 0 || jobs.empty()) return 0;
    uint64_t used = 0;
    for (const ReferenceState& s : jobs[0]->states)
      for (const CandidateAttempt& a : s.attempts)
        if (const FetchOutcome* o = cache_.Find(a.url))
          for (const Exchange& x : o->hops) used += x.body_bytes;
    return used < options_.max_article_bytes ? options_.max_article_bytes - used : 1;
  }

  // The fetches whose exchanges go into `job`'s archive, in an order that
  // depends on nothing but the article: its page, then each candidate tried,
  // reference by reference.
  std::vector<const FetchOutcome*> ExchangesOf(const ArticleJob& job) const {
    std::vector<const FetchOutcome*> outcomes;
    std::set<std::string> seen;
    if (job.page != nullptr) {
      outcomes.push_back(job.page);
      seen.insert(job.page->url);
    }
    for (const ReferenceState* s : job.AllStates())
      for (const CandidateAttempt& a : s->attempts)
        if (a.outcome != CandidateAttempt::Outcome::kNotTried && seen.insert(a.url).second)
          outcomes.push_back(cache_.Find(a.url));
    return outcomes;
  }

  // Hands a settled job to a writer thread (or its error straight on).
  void StartWriting(ArticleJob settled) {
    auto job = std::make_shared<ArticleJob>(std::move(settled));
    if (!job->error.ok()) {
      writing_.push_back(
          {job->input,
           std::async(std::launch::deferred, [error = job->error] { return Result<ArticleReport>(error); }),
           {}});
      return;
    }
    FinishAttempts(*job);
    std::vector<const FetchOutcome*> outcomes = ExchangesOf(*job);
    std::vector<std::string> urls;
    for (const FetchOutcome* o : outcomes) urls.push_back(o->url);
    auto report = writers_.Submit([this, job, outcomes] {
      Result<ArticleReport> report = OutOfMemory(job->input, "writing its archive");
      try {
        report = WriteArticle(*job, outcomes, options_);
      } catch (const std::bad_alloc&) {
        // Unwinding removed its temporary file.
      }
      // The fetching thread may be waiting on the network: woken, it
      // journals the article at once.
      transport_.Wakeup();
      return report;
    });
    writing_.push_back({job->input, std::move(report), std::move(urls)});
  }

  // Hands finished articles to `done`, in order, waiting while more than
  // `keep` are unfinished.
  void Deliver(size_t keep, const Done& done) {
    while (!writing_.empty() && (writing_.size() > keep || writing_.front().report.wait_for(std::chrono::seconds(0)) !=
                                                               std::future_status::timeout)) {
      done(writing_.front().input, writing_.front().report.get());
      writing_.pop_front();
    }
  }

  void Evict() {
    std::set<std::string> pinned;
    for (const ArticleJob& job : window_) PinUrlsOf(job, &pinned);
    for (const Writing& w : writing_) pinned.insert(w.urls.begin(), w.urls.end());
    cache_.Evict(pinned);
  }

  const ArchiveOptions options_;
  Transport& transport_;
  const size_t window_size_;
  // Destroyed in reverse: the workers finish their tasks first, while the
  // jobs, the writing and the fetches those tasks read still exist.
  FetchCache cache_;
  std::deque<ArticleJob> window_;
  std::deque<Writing> writing_;
  Workers loaders_{kMaxLoading};
  Workers writers_{kMaxWriting};
};

BatchArchiver::BatchArchiver(ArchiveOptions options, Transport& transport, size_t articles_in_flight)
    : scheduler_(std::make_unique<Scheduler>(std::move(options), transport, articles_in_flight)) {}

BatchArchiver::~BatchArchiver() = default;

void BatchArchiver::Run(const std::vector<std::string>& inputs,
                        const std::function<void(const std::string&, const Result<ArticleReport>&)>& done) {
  scheduler_->Run(inputs, done);
}

Result<int> RunBatch(const std::vector<std::string>& inputs, BatchOptions options, const BatchEvents& events) {
  const std::string& out_dir = options.archive.out_dir;
  auto journal = Journal::Open(out_dir, options.resume);
  if (!journal.ok()) return journal.status();
  std::vector<std::string> todo;
  for (const std::string& input : inputs)
    if (!journal->Done(input)) todo.push_back(input);
  events.started(todo.size());
  auto spool = TempDir::Create(out_dir);
  if (!spool.ok()) return spool.status();
  options.fetch.spool_dir = spool->path();
  CurlTransport transport(options.fetch);
  BatchArchiver batch(options.archive, transport, options.articles_in_flight);
  Status journaling;  // the first failure to journal an article
  batch.Run(todo, [&](const std::string& input, const Result<ArticleReport>& r) {
    JournalEntry entry = JournalEntry::Of(input, r);
    if (Status st = journal->Append(entry); !st.ok() && journaling.ok()) journaling = st;
    events.archived(r, entry);
  });
  // The report covers this run's inputs, including those an earlier run did.
  auto exit_code = WriteReports(*journal, inputs, out_dir, options.json_copy);
  if (!journaling.ok()) return journaling;
  return exit_code;
}

}  // namespace rotproof
