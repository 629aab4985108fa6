#include "record_index.h"

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

IndexedRecord RecordAt(const SqliteStatement& s) {
  return {s.Number(0), s.Number(1), s.Text(2),   s.Text(3), s.Text(4),          s.Text(5),
          s.Text(6),   s.Text(7),   s.Number(8), s.Text(9), s.OptionalText(10), s.OptionalText(11)};
}

}  // namespace

RecordIndex::RecordIndex(SqliteDb db)
    : db_(std::move(db)),
      insert_record_(db_.Prepare(std::string("INSERT INTO records (") + kRecordColumns +
                                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      has_id_(db_.Prepare("SELECT 1 FROM records WHERE id = ? LIMIT 1")),
      by_id_(db_.Prepare(std::string("SELECT ") + kRecordColumns + " FROM records WHERE id = ? ORDER BY seq LIMIT 1")),
      by_offset_(
          db_.Prepare(std::string("SELECT ") + kRecordColumns + " FROM records WHERE offset = ? ORDER BY seq LIMIT 1")),
      of_type_(db_.Prepare(std::string("SELECT ") + kRecordColumns + " FROM records WHERE type = ? ORDER BY seq")),
      insert_cdxj_(
          db_.Prepare("INSERT INTO cdxj (line_no, parsed, unsorted, key, timestamp, url, digest, offset, length) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      all_cdxj_(db_.Prepare(
          "SELECT line_no, parsed, unsorted, key, timestamp, url, digest, offset, length FROM cdxj ORDER BY line_no")) {
}

Result<RecordIndex> RecordIndex::Create() {
  auto db = SqliteDb::Open("");
  if (!db.ok()) return db.status();
  ROTPROOF_RETURN_IF_ERROR(db->Exec(kSchema));
  RecordIndex index(std::move(db).value());
  if (!index.status().ok()) return index.status();
  return index;
}

bool RecordIndex::AddRecord(const IndexedRecord& r) {
  bool fresh = r.id.empty() || !has_id_.Reset().Bind(1, r.id).Step();
  insert_record_.Reset()
      .Bind(1, r.offset)
      .Bind(2, r.length)
      .Bind(3, r.type)
      .Bind(4, r.id)
      .Bind(5, r.target_uri)
      .Bind(6, r.date)
      .Bind(7, r.payload_digest_field)
      .Bind(8, r.payload_digest)
      .Bind(9, r.payload_bytes)
      .Bind(10, r.refers_to)
      .BindNullable(11, r.refers_to_target_uri)
      .BindNullable(12, r.refers_to_date)
      .Step();
  ++records_;
  return fresh;
}

void RecordIndex::ClearRecords() {
  (void)db_.Exec("DELETE FROM records");  // a failure stays in status()
  records_ = 0;
}

std::optional<IndexedRecord> RecordIndex::FindById(const std::string& id) {
  if (!by_id_.Reset().Bind(1, id).Step()) return std::nullopt;
  return RecordAt(by_id_);
}

std::optional<IndexedRecord> RecordIndex::FindByOffset(uint64_t offset) {
  if (!by_offset_.Reset().Bind(1, offset).Step()) return std::nullopt;
  return RecordAt(by_offset_);
}

void RecordIndex::ForEachOfType(const std::string& type, const std::function<void(const IndexedRecord&)>& visit) {
  of_type_.Reset().Bind(1, type);
  while (of_type_.Step()) visit(RecordAt(of_type_));
}

void RecordIndex::AddCdxjLine(const IndexedCdxjLine& line) {
  insert_cdxj_.Reset()
      .Bind(1, line.line_no)
      .Bind(2, uint64_t{line.parsed.has_value()})
      .Bind(3, uint64_t{line.unsorted});
  if (line.parsed) {
    const CdxjLine& c = *line.parsed;
    insert_cdxj_.Bind(4, c.key)
        .Bind(5, c.timestamp)
        .Bind(6, c.url)
        .Bind(7, c.digest)
        .Bind(8, c.offset)
        .Bind(9, c.length);
  }
  insert_cdxj_.Step();
}

void RecordIndex::ClearCdxjLines() { (void)db_.Exec("DELETE FROM cdxj"); }

void RecordIndex::ForEachCdxjLine(
    const std::function<void(const IndexedCdxjLine&, const std::optional<IndexedRecord>&)>& visit) {
  all_cdxj_.Reset();
  while (all_cdxj_.Step()) {
    IndexedCdxjLine line;
    line.line_no = all_cdxj_.Number(0);
    line.unsorted = all_cdxj_.Number(2) != 0;
    std::optional<IndexedRecord> at;
    if (all_cdxj_.Number(1) != 0) {
      line.parsed = CdxjLine{all_cdxj_.Text(3), all_cdxj_.Text(4),   all_cdxj_.Text(5),
                             all_cdxj_.Text(6), all_cdxj_.Number(7), all_cdxj_.Number(8)};
      at = FindByOffset(line.parsed->offset);
    }
    visit(line, at);
  }
}

}  // namespace rotproof
