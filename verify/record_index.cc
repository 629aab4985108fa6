#include "record_index.h"

#include <sqlite3.h>


namespace rotproof {
namespace {

constexpr const char* kSchema = R"(
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA temp_store = FILE;
PRAGMA cache_size = -4096;
CREATE TABLE records (seq INTEGER PRIMARY KEY, offset INTEGER, length INTEGER, type TEXT, id TEXT,
  target_uri TEXT, date TEXT, payload_digest_field TEXT, payload_digest TEXT, payload_bytes INTEGER,
  refers_to TEXT, refers_to_target_uri TEXT, refers_to_date TEXT);
CREATE INDEX records_by_id ON records (id);
CREATE INDEX records_by_offset ON records (offset);
CREATE TABLE cdxj (line_no INTEGER PRIMARY KEY, parsed INTEGER, unsorted INTEGER, key TEXT,
  timestamp TEXT, url TEXT, digest TEXT, offset INTEGER, length INTEGER);
BEGIN;
)";

constexpr const char* kRecordColumns =
    "offset, length, type, id, target_uri, date, payload_digest_field, payload_digest, payload_bytes, "
    "refers_to, refers_to_target_uri, refers_to_date";

[[noreturn]] void Fail(sqlite3* db, const char* what) {
  throw RecordIndexError(std::string("temporary record index: ") + what + ": " + sqlite3_errmsg(db));
}

struct StatementCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementCloser>;

}  // namespace

struct RecordIndex::Db {
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  std::unique_ptr<sqlite3, Closer> handle;
  Statement insert_record, has_id, by_id, by_offset, of_type, insert_cdxj, all_cdxj;

  Statement Prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(handle.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      Fail(handle.get(), "prepare");
    return Statement(s);
  }

  // Resets `s` for a new use and returns it.
  sqlite3_stmt* Fresh(const Statement& s) {
    sqlite3_reset(s.get());
    sqlite3_clear_bindings(s.get());
    return s.get();
  }

  void Exec(const char* sql) {
    if (sqlite3_exec(handle.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) Fail(handle.get(), sql);
  }

  bool Step(sqlite3_stmt* s) {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Fail(handle.get(), "step");
    return false;
  }
};

namespace {

void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void BindText(sqlite3_stmt* s, int i, const std::optional<std::string>& v) {
  if (v) BindText(s, i, *v);
}
// Offsets and lengths keep their 64 bits through SQLite's signed integers.
void BindNumber(sqlite3_stmt* s, int i, uint64_t v) { sqlite3_bind_int64(s, i, static_cast<int64_t>(v)); }

std::string Text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s, i));
}
std::optional<std::string> OptionalText(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  return Text(s, i);
}
uint64_t Number(sqlite3_stmt* s, int i) { return static_cast<uint64_t>(sqlite3_column_int64(s, i)); }

IndexedRecord RecordAt(sqlite3_stmt* s, int first) {
  IndexedRecord r;
  r.offset = Number(s, first);
  r.length = Number(s, first + 1);
  r.type = Text(s, first + 2);
  r.id = Text(s, first + 3);
  r.target_uri = Text(s, first + 4);
  r.date = Text(s, first + 5);
  r.payload_digest_field = Text(s, first + 6);
  r.payload_digest = Text(s, first + 7);
  r.payload_bytes = Number(s, first + 8);
  r.refers_to = Text(s, first + 9);
  r.refers_to_target_uri = OptionalText(s, first + 10);
  r.refers_to_date = OptionalText(s, first + 11);
  return r;
}

}  // namespace

Result<RecordIndex> RecordIndex::Create() {
  auto db = std::make_unique<Db>();
  sqlite3* handle = nullptr;
  // "": a private database in a temporary file, deleted when closed.
  int rc = sqlite3_open_v2("", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db->handle.reset(handle);
  if (rc != SQLITE_OK) return Status::IoError("cannot create the temporary record index");
  try {
    db->Exec(kSchema);
    std::string select = std::string("SELECT ") + kRecordColumns + " FROM records ";
    db->insert_record = db->Prepare(std::string("INSERT INTO records (") + kRecordColumns +
                                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    db->has_id = db->Prepare("SELECT 1 FROM records WHERE id = ? LIMIT 1");
    db->by_id = db->Prepare(select + "WHERE id = ? ORDER BY seq LIMIT 1");
    db->by_offset = db->Prepare(select + "WHERE offset = ? ORDER BY seq LIMIT 1");
    db->of_type = db->Prepare(select + "WHERE type = ? ORDER BY seq");
    db->insert_cdxj = db->Prepare(
        "INSERT INTO cdxj (line_no, parsed, unsorted, key, timestamp, url, digest, offset, length) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    db->all_cdxj = db->Prepare(
        "SELECT line_no, parsed, unsorted, key, timestamp, url, digest, offset, length FROM cdxj "
        "ORDER BY line_no");
  } catch (const RecordIndexError& e) {
    return Status::IoError(e.what());
  }
  return RecordIndex(std::move(db));
}

RecordIndex::RecordIndex(std::unique_ptr<Db> db) : db_(std::move(db)) {}
RecordIndex::RecordIndex(RecordIndex&&) noexcept = default;
RecordIndex& RecordIndex::operator=(RecordIndex&&) noexcept = default;
RecordIndex::~RecordIndex() = default;

bool RecordIndex::AddRecord(const IndexedRecord& r) {
  bool fresh = true;
  if (!r.id.empty()) {
    sqlite3_stmt* s = db_->Fresh(db_->has_id);
    BindText(s, 1, r.id);
    fresh = !db_->Step(s);
  }
  sqlite3_stmt* s = db_->Fresh(db_->insert_record);
  BindNumber(s, 1, r.offset);
  BindNumber(s, 2, r.length);
  BindText(s, 3, r.type);
  BindText(s, 4, r.id);
  BindText(s, 5, r.target_uri);
  BindText(s, 6, r.date);
  BindText(s, 7, r.payload_digest_field);
  BindText(s, 8, r.payload_digest);
  BindNumber(s, 9, r.payload_bytes);
  BindText(s, 10, r.refers_to);
  BindText(s, 11, r.refers_to_target_uri);
  BindText(s, 12, r.refers_to_date);
  db_->Step(s);
  ++records_;
  return fresh;
}

void RecordIndex::ClearRecords() {
  db_->Exec("DELETE FROM records");
  records_ = 0;
}

std::optional<IndexedRecord> RecordIndex::FindById(const std::string& id) {
  sqlite3_stmt* s = db_->Fresh(db_->by_id);
  BindText(s, 1, id);
  if (!db_->Step(s)) return std::nullopt;
  return RecordAt(s, 0);
}

std::optional<IndexedRecord> RecordIndex::FindByOffset(uint64_t offset) {
  sqlite3_stmt* s = db_->Fresh(db_->by_offset);
  BindNumber(s, 1, offset);
  if (!db_->Step(s)) return std::nullopt;
  return RecordAt(s, 0);
}

void RecordIndex::ForEachOfType(const std::string& type,
                                const std::function<void(const IndexedRecord&)>& visit) {
  sqlite3_stmt* s = db_->Fresh(db_->of_type);
  BindText(s, 1, type);
  while (db_->Step(s)) visit(RecordAt(s, 0));
}

void RecordIndex::AddCdxjLine(const IndexedCdxjLine& line) {
  sqlite3_stmt* s = db_->Fresh(db_->insert_cdxj);
  BindNumber(s, 1, line.line_no);
  sqlite3_bind_int(s, 2, line.parsed.has_value());
  sqlite3_bind_int(s, 3, line.unsorted);
  if (line.parsed) {
    BindText(s, 4, line.parsed->key);
    BindText(s, 5, line.parsed->timestamp);
    BindText(s, 6, line.parsed->url);
    BindText(s, 7, line.parsed->digest);
    BindNumber(s, 8, line.parsed->offset);
    BindNumber(s, 9, line.parsed->length);
  }
  db_->Step(s);
}

void RecordIndex::ClearCdxjLines() { db_->Exec("DELETE FROM cdxj"); }

void RecordIndex::ForEachCdxjLine(
    const std::function<void(const IndexedCdxjLine&, const std::optional<IndexedRecord>&)>& visit) {
  sqlite3_stmt* s = db_->Fresh(db_->all_cdxj);
  while (db_->Step(s)) {
    IndexedCdxjLine line;
    line.line_no = Number(s, 0);
    line.unsorted = sqlite3_column_int(s, 2) != 0;
    std::optional<IndexedRecord> at;
    if (sqlite3_column_int(s, 1) != 0) {
      line.parsed = CdxjLine{Text(s, 3), Text(s, 4), Text(s, 5), Text(s, 6), Number(s, 7), Number(s, 8)};
      at = FindByOffset(line.parsed->offset);
    }
    visit(line, at);
  }
}

}  // namespace rotproof
