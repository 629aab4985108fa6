#pragma once
// The batch journal: each finished article's outcome, kept on disk so a
// killed batch resumes where it stopped and the link-rot report can be
// written from it.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rotproof/pipeline.h"
#include "rotproof/sqlite.h"
#include "rotproof/status.h"

namespace rotproof {

// What the journal keeps of one article: what the report shows.
struct JournalEntry {
  std::string input;
  bool failed = false;  // the article could not be archived at all
  std::string error;    // when failed: why, one line
  int exit_code = 0;    // 0 all archived, 1 a dead reference or page, 2 bad input
  // When archived:
  std::string archive;  // the file written
  std::string title;
  size_t references = 0;
  uint64_t bytes = 0;
  size_t origin = 0, proxy = 0, mirror = 0;  // references archived from each
  struct Dead {
    std::string where, url, reason;
  };
  std::vector<Dead> dead;
  // References archived from an origin guessed by the URL's structure: the
  // host whose URLs a rule could name, and that rule's carrier ("" if none).
  struct Structural {
    std::string host, carrier;
  };
  std::vector<Structural> structural;

  // The entry for `input`, archived or failed.
  static JournalEntry Of(const std::string& input, const Result<ArticleReport>& result);
  // As report.json lists it (schemas/report.schema.json), `indent` as
  // nlohmann's dump (-1: one line).
  std::string ToJson(int indent = -1) const;
  // The entry `json` holds, or nullopt when it is not one.
  static std::optional<JournalEntry> FromJson(std::string_view json);
};

// True when `dir` is a batch's OUTDIR (it holds the journal): its reports
// and archives are rotproof's outputs, never inputs.
bool IsBatchOutputDir(const std::string& dir);

// OUTDIR/.rotproof-journal.sqlite: each finished article's last entry,
// committed as each archive lands. Held on disk, so a batch's memory does
// not grow with its size; opened exclusively, so two runs cannot share one
// OUTDIR.
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
  Status Append(const JournalEntry& entry);
  // The last entry for `input`, or nullopt.
  std::optional<JournalEntry> Last(const std::string& input);
  // Each input's last entry, inputs in the order of their first entry.
  // Errors: IoError.
  Status ForEachLast(const std::function<void(const JournalEntry&)>& visit);

 private:
  Journal(std::string path, SqliteDb db);
  std::string path_;
  SqliteDb db_;
  SqliteStatement upsert_, last_, all_;
};

}  // namespace rotproof
