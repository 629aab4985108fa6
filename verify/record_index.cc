#include "record_index.h"

namespace rotproof {
namespace {

constexpr const char* kSchema = R"(
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA temp_store = FILE;
PRAGMA cache_size = -4096;
CREATE TABLE records (seq INTEGER PRIMARY KEY, warc TEXT, offset INTEGER, length INTEGER, type TEXT, id TEXT,
  target_uri TEXT, date TEXT, payload_digest_field TEXT, payload_digest TEXT, payload_bytes INTEGER,
  refers_to TEXT, refers_to_target_uri TEXT, refers_to_date TEXT);
CREATE INDEX records_by_id ON records (id);
CREATE INDEX records_by_offset ON records (warc, offset);
CREATE INDEX records_by_uri_date ON records (target_uri, date);
CREATE TABLE links (seq INTEGER PRIMARY KEY, warc TEXT, offset INTEGER, field TEXT, target TEXT);
CREATE TABLE cdxj (seq INTEGER PRIMARY KEY, entry TEXT, line_no INTEGER, parsed INTEGER, unsorted INTEGER,
  key TEXT, timestamp TEXT, url TEXT, digest TEXT, offset INTEGER, length INTEGER, filename TEXT);
BEGIN;
)";

constexpr const char* kRecordColumns =
    "warc, offset, length, type, id, target_uri, date, payload_digest_field, payload_digest, payload_bytes, "
    "refers_to, refers_to_target_uri, refers_to_date";
constexpr const char* kCdxjColumns =
    "entry, line_no, parsed, unsorted, key, timestamp, url, digest, offset, length, filename";

IndexedRecord RecordAt(const SqliteStatement& s) {
  return {s.Text(0), s.Number(1), s.Number(2), s.Text(3),  s.Text(4),          s.Text(5),         s.Text(6),
          s.Text(7), s.Text(8),   s.Number(9), s.Text(10), s.OptionalText(11), s.OptionalText(12)};
}

std::string Select(const char* where) {
  return std::string("SELECT ") + kRecordColumns + " FROM records WHERE " + where + " ORDER BY seq LIMIT 1";
}

}  // namespace

RecordIndex::RecordIndex(SqliteDb db)
    : db_(std::move(db)),
      insert_record_(db_.Prepare(std::string("INSERT INTO records (") + kRecordColumns +
                                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      has_id_(db_.Prepare("SELECT 1 FROM records WHERE id = ? LIMIT 1")),
      by_id_(db_.Prepare(Select("id = ?"))),
      by_offset_(db_.Prepare(Select("warc = ? AND offset = ?"))),
      by_uri_date_(db_.Prepare(Select("target_uri = ? AND date = ? AND type != 'revisit'"))),
      of_type_(db_.Prepare(std::string("SELECT ") + kRecordColumns + " FROM records WHERE type = ? ORDER BY seq")),
      insert_cdxj_(
          db_.Prepare(std::string("INSERT INTO cdxj (") + kCdxjColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      all_cdxj_(db_.Prepare(std::string("SELECT ") + kCdxjColumns + " FROM cdxj ORDER BY seq")),
      clear_records_(db_.Prepare("DELETE FROM records WHERE warc = ?")),
      clear_cdxj_(db_.Prepare("DELETE FROM cdxj WHERE entry = ?")),
      insert_link_(db_.Prepare("INSERT INTO links (warc, offset, field, target) VALUES (?, ?, ?, ?)")),
      dangling_links_(db_.Prepare("SELECT warc, offset, field, target FROM links l WHERE NOT EXISTS "
                                  "(SELECT 1 FROM records r WHERE r.id = l.target) ORDER BY seq")),
      clear_links_(db_.Prepare("DELETE FROM links WHERE warc = ?")) {}

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
      .Bind(1, r.warc)
      .Bind(2, r.offset)
      .Bind(3, r.length)
      .Bind(4, r.type)
      .Bind(5, r.id)
      .Bind(6, r.target_uri)
      .Bind(7, r.date)
      .Bind(8, r.payload_digest_field)
      .Bind(9, r.payload_digest)
      .Bind(10, r.payload_bytes)
      .Bind(11, r.refers_to)
      .BindNullable(12, r.refers_to_target_uri)
      .BindNullable(13, r.refers_to_date)
      .Step();
  ++records_;
  ++per_warc_[r.warc];
  return fresh;
}

void RecordIndex::ClearRecords(const std::string& warc) {
  clear_records_.Reset().Bind(1, warc).Step();  // a failure stays in status()
  clear_links_.Reset().Bind(1, warc).Step();
  records_ -= per_warc_[warc];
  per_warc_.erase(warc);
}

std::optional<IndexedRecord> RecordIndex::FindById(const std::string& id) {
  if (!by_id_.Reset().Bind(1, id).Step()) return std::nullopt;
  return RecordAt(by_id_);
}

std::optional<IndexedRecord> RecordIndex::FindByOffset(const std::string& warc, uint64_t offset) {
  if (!by_offset_.Reset().Bind(1, warc).Bind(2, offset).Step()) return std::nullopt;
  return RecordAt(by_offset_);
}

std::optional<IndexedRecord> RecordIndex::FindByUriAndDate(const std::string& target_uri, const std::string& date) {
  if (!by_uri_date_.Reset().Bind(1, target_uri).Bind(2, date).Step()) return std::nullopt;
  return RecordAt(by_uri_date_);
}

void RecordIndex::AddLink(const std::string& warc, uint64_t offset, const std::string& field,
                          const std::string& target) {
  insert_link_.Reset().Bind(1, warc).Bind(2, offset).Bind(3, field).Bind(4, target).Step();
}

void RecordIndex::ForEachDanglingLink(
    const std::function<void(const std::string&, uint64_t, const std::string&, const std::string&)>& visit) {
  dangling_links_.Reset();
  while (dangling_links_.Step())
    visit(dangling_links_.Text(0), dangling_links_.Number(1), dangling_links_.Text(2), dangling_links_.Text(3));
}

void RecordIndex::ForEachOfType(const std::string& type, const std::function<void(const IndexedRecord&)>& visit) {
  of_type_.Reset().Bind(1, type);
  while (of_type_.Step()) visit(RecordAt(of_type_));
}

void RecordIndex::AddCdxjLine(const IndexedCdxjLine& line) {
  insert_cdxj_.Reset()
      .Bind(1, line.entry)
      .Bind(2, line.line_no)
      .Bind(3, uint64_t{line.parsed.has_value()})
      .Bind(4, uint64_t{line.unsorted});
  if (line.parsed) {
    const CdxjLine& c = *line.parsed;
    insert_cdxj_.Bind(5, c.key)
        .Bind(6, c.timestamp)
        .Bind(7, c.url)
        .Bind(8, c.digest)
        .Bind(9, c.offset)
        .Bind(10, c.length)
        .Bind(11, c.filename);
  }
  insert_cdxj_.Step();
}

void RecordIndex::ClearCdxjLines(const std::string& entry) { clear_cdxj_.Reset().Bind(1, entry).Step(); }

void RecordIndex::ForEachCdxjLine(const std::function<void(const IndexedCdxjLine&)>& visit) {
  all_cdxj_.Reset();
  while (all_cdxj_.Step()) {
    IndexedCdxjLine line;
    line.entry = all_cdxj_.Text(0);
    line.line_no = all_cdxj_.Number(1);
    line.unsorted = all_cdxj_.Number(3) != 0;
    if (all_cdxj_.Number(2) != 0)
      line.parsed = CdxjLine{all_cdxj_.Text(4),   all_cdxj_.Text(5),   all_cdxj_.Text(6), all_cdxj_.Text(7),
                             all_cdxj_.Number(8), all_cdxj_.Number(9), all_cdxj_.Text(10)};
    visit(line);
  }
}

}  // namespace rotproof
