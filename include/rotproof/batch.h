#pragma once
// Batches: which inputs to archive (files, directories, URL lists, shards),
// the resume journal, and the link-rot report.

#include <functional>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rotproof/handles.h"
#include "rotproof/pipeline.h"
#include "rotproof/sqlite.h"
#include "rotproof/status.h"

namespace rotproof {

// Expands `args` (files, directories searched recursively for .md,
// .markdown, .html and .htm, and http(s) URLs) and the lines of `url_lists`
// (files, "-" for stdin; blank lines and #comments skipped) into inputs, in
// a stable order. In directories, symbolic links to files outside the tree
// are not followed: each is named in `skipped`, with why. Errors: NotFound
// for a missing list file.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& args,
                                              const std::vector<std::string>& url_lists,
                                              std::vector<std::string>* skipped);

// Keeps the inputs of shard `k` of `n` (1 <= k <= n): a partition by a hash
// of each input's name (SlugForInput), the same on every machine, so N
// workers can split one batch with no coordination. Inputs that would share
// an archive name share a shard, where ArchiveNames tells them apart.
std::vector<std::string> Shard(const std::vector<std::string>& inputs, int k, int n);

// Each input's archive name, unique among `inputs`: its SlugForInput, and
// for every input after the first that would share one, that slug, '-' and
// 8 hex digits of the input's SHA-256. Depends only on `inputs` and their
// order, so a resumed batch names every article as the first run did.
std::map<std::string, std::string> ArchiveNames(const std::vector<std::string>& inputs);

// Parses "K/N". Errors: InvalidInput.
Result<std::pair<int, int>> ParseShard(const std::string& text);

// The journal entry (one JSON object) for an article: what the report shows.
nlohmann::ordered_json JournalEntry(const std::string& input, const Result<ArticleReport>& result);

// OUTDIR/.rotproof-journal.sqlite: each finished article's last entry,
// committed as each archive lands, so a killed batch resumes where it
// stopped. Held on disk, so a batch's memory does not grow with its size;
// opened exclusively, so two runs cannot share one OUTDIR.
class Journal {
 public:
  // Opens the journal in `out_dir`. With `resume`, earlier entries are kept;
  // without, the journal starts empty. Leftover temporary files of a killed
  // run are removed either way. Errors: IoError (OUTDIR in use by another
  // run, unwritable), Corruption (a damaged journal on --resume).
  static Result<Journal> Open(const std::string& out_dir, bool resume);

  // Inputs archived by an earlier run (an entry without an error, and its
  // archive still there).
  bool Done(const std::string& input);
  // Records `entry` as its input's last. Errors: IoError.
  Status Append(const nlohmann::ordered_json& entry);
  // The last entry for `input`, or nullopt.
  std::optional<nlohmann::ordered_json> Last(const std::string& input);
  // Each input's last entry, inputs in the order of their first entry.
  // Errors: IoError.
  Status ForEachLast(const std::function<void(const nlohmann::ordered_json&)>& visit);

 private:
  Journal(std::string path, SqliteDb db);
  std::string path_;
  SqliteDb db_;
  SqliteStatement upsert_, last_, all_;
};

// Writes OUTDIR/report.json (schemas/report.schema.json) and report.html,
// the link-rot report over the journal's last entry for each of `inputs`:
// totals, then per article references archived from origin, proxy, mirror,
// and dead with the reason. One entry is held at a time. With `json_copy`,
// report.json's text goes there too. Returns the report's exit code.
Result<int> WriteReports(Journal& journal, const std::vector<std::string>& inputs,
                         const std::string& out_dir, std::FILE* json_copy);

}  // namespace rotproof
