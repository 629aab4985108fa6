#include "rotproof/journal.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "rotproof/fs.h"
#include "rotproof/json_number.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr char kJournalName[] = ".rotproof-journal.sqlite";

// One row per input: its last entry, and when it was first journaled (the
// report's order). WAL with exclusive locking: a commit costs no fsync of
// the database, a power cut loses at most the last few commits (those
// articles are archived again), and no shared-memory file is needed, so an
// OUTDIR on NFS works.
constexpr char kJournalSchema[] = R"(
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS articles (input TEXT PRIMARY KEY, first INTEGER, entry TEXT);
CREATE INDEX IF NOT EXISTS articles_by_first ON articles (first);
)";

}  // namespace

JournalEntry JournalEntry::Of(const std::string& input, const Result<ArticleReport>& result) {
  JournalEntry e;
  e.input = input;
  if (!result.ok()) {
    e.failed = true;
    e.error = result.status().message();
    e.exit_code = result.status().ExitCode();
    return e;
  }
  const ArticleReport& r = *result;
  e.archive = r.archive_path;
  e.title = r.title;
  e.references = r.references;
  e.bytes = r.bytes;
  for (const ReferenceOutcome& o : r.outcomes) {
    switch (o.source) {
      case ReferenceOutcome::Source::kOrigin:
        ++e.origin;
        break;
      case ReferenceOutcome::Source::kProxy:
        ++e.proxy;
        break;
      case ReferenceOutcome::Source::kMirror:
        ++e.mirror;
        break;
      case ReferenceOutcome::Source::kDead:
        e.dead.push_back({o.where, o.url, o.reason});
        break;
    }
    if (!o.structural_host.empty()) e.structural.push_back({o.structural_host, o.rule_carrier});
  }
  e.exit_code = e.dead.empty() ? 0 : 1;
  return e;
}

std::string JournalEntry::ToJson(int indent) const {
  ordered_json j = {{"input", input}};
  if (failed) {
    j["error"] = error;
  } else {
    j["archive"] = archive;
    j["title"] = title;
    j["references"] = references;
    j["bytes"] = bytes;
    j["origin"] = origin;
    j["proxy"] = proxy;
    j["mirror"] = mirror;
    j["dead"] = ordered_json::array();
    for (const Dead& d : dead) j["dead"].push_back({{"where", d.where}, {"url", d.url}, {"reason", d.reason}});
    for (const Structural& u : structural) j["structural"].push_back({{"host", u.host}, {"carrier", u.carrier}});
  }
  j["exit_code"] = exit_code;
  return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

std::optional<JournalEntry> JournalEntry::FromJson(std::string_view text) {
  ordered_json j = ordered_json::parse(text, nullptr, false);
  if (!j.is_object() || !j["input"].is_string()) return std::nullopt;
  try {
    JournalEntry e;
    e.input = j["input"];
    e.exit_code = static_cast<int>(std::min<uint64_t>(UnsignedField(j, "exit_code", 0), 255));
    if (j.contains("error")) {
      e.failed = true;
      e.error = j["error"];
      return e;
    }
    e.archive = j.value("archive", "");
    e.title = j.value("title", "");
    e.references = UnsignedField(j, "references", 0);
    e.bytes = UnsignedField(j, "bytes", 0);
    e.origin = UnsignedField(j, "origin", 0);
    e.proxy = UnsignedField(j, "proxy", 0);
    e.mirror = UnsignedField(j, "mirror", 0);
    for (const auto& d : j.value("dead", ordered_json::array())) e.dead.push_back({d["where"], d["url"], d["reason"]});
    for (const auto& u : j.value("structural", ordered_json::array()))
      e.structural.push_back({u["host"], u["carrier"]});
    return e;
  } catch (const std::exception&) {  // nlohmann's type errors, a count that is not one
    return std::nullopt;             // a value of the wrong type: not an entry
  }
}

Journal::Journal(std::string path, SqliteDb db)
    : path_(std::move(path)),
      db_(std::move(db)),
      upsert_(db_.Prepare("INSERT INTO articles (input, first, entry) VALUES (?, "
                          "(SELECT coalesce(max(first), 0) + 1 FROM articles), ?) "
                          "ON CONFLICT (input) DO UPDATE SET entry = excluded.entry")),
      last_(db_.Prepare("SELECT entry FROM articles WHERE input = ?")),
      all_(db_.Prepare("SELECT entry FROM articles ORDER BY first")) {}

Result<Journal> Journal::Open(const std::string& out_dir, bool resume) {
  std::error_code ec;
  // A killed run leaves its temporary files and directories (PendingFile,
  // the spool); they were never final. Only names rotproof alone makes.
  for (const auto& e : fs::directory_iterator(out_dir, ec))
    if (IsTempName(e.path().filename().string())) fs::remove_all(e.path(), ec);
  std::string path = out_dir + "/" + kJournalName;
  auto db = SqliteDb::Open(path);
  if (!db.ok()) return db.status();
  if (Status st = db->Exec(kJournalSchema); !st.ok()) {
    if (resume) return Status::Corruption(path + ": the journal is damaged or in use; run again without --resume");
    return Status::IoError(path + ": in use by another run, or not writable");
  }
  if (!resume) ROTPROOF_RETURN_IF_ERROR(db->Exec("DELETE FROM articles"));
  Journal journal(path, std::move(db).value());
  if (!journal.db_.status().ok()) return journal.db_.status();
  return journal;
}

std::optional<JournalEntry> Journal::Last(const std::string& input) {
  if (!last_.Reset().Bind(1, input).Step()) return std::nullopt;
  return JournalEntry::FromJson(last_.Text(0));
}

bool Journal::Done(const std::string& input) {
  std::optional<JournalEntry> e = Last(input);
  return e && !e->failed && fs::exists(e->archive);
}

Status Journal::Append(const JournalEntry& entry) {
  std::string text = entry.ToJson();
  upsert_.Reset().Bind(1, entry.input).Bind(2, text).Step();
  return db_.status();
}

Status Journal::ForEachLast(const std::function<void(const JournalEntry&)>& visit) {
  all_.Reset();
  while (all_.Step())
    if (std::optional<JournalEntry> e = JournalEntry::FromJson(all_.Text(0))) visit(*e);
  return db_.status();
}

bool IsBatchOutputDir(const std::string& dir) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(dir) / kJournalName, ec);
}

}  // namespace rotproof
