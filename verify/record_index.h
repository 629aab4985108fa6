#pragma once
// What the audit's cross-checks need of every record and index line,
// kept in a temporary on-disk SQLite database with a small page cache, so
// that memory does not grow with the number of records: duplicate record
// ids, revisits by id, CDXJ lines by offset, manifest entries by id.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "rotproof/cdxj.h"
#include "rotproof/sqlite.h"
#include "rotproof/status.h"

namespace rotproof {

struct IndexedRecord {
  std::string warc;  // the WARC it is in: a WACZ entry's name, or a bare file's
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string type;                  // WARC-Type
  std::string id;                    // WARC-Record-ID
  std::string target_uri;            // WARC-Target-URI
  std::string date;                  // WARC-Date
  std::string payload_digest_field;  // WARC-Payload-Digest, as written
  std::string payload_digest;        // computed; "" when not hashed
  uint64_t payload_bytes = 0;
  // Of revisits: WARC-Refers-To, and the two fields that must match the
  // record it names (nullopt when absent).
  std::string refers_to;
  std::optional<std::string> refers_to_target_uri;
  std::optional<std::string> refers_to_date;
};

// One line of a CDXJ index as the stream met it.
struct IndexedCdxjLine {
  std::string entry;  // the index file, indexes/<name>.cdxj
  uint64_t line_no = 0;
  std::optional<CdxjLine> parsed;  // nullopt: not a CDXJ line
  bool unsorted = false;           // sorts before the line above it
};

class RecordIndex {
 public:
  // Creates an empty index in a temporary file (removed when closed).
  // Errors: IoError when SQLite cannot create it.
  static Result<RecordIndex> Create();

  // OK, or the first failure of SQLite on its file (disk full, say) since
  // Create; lookups after one find nothing.
  const Status& status() const { return db_.status(); }

  // Adds `record`; returns false when a record with its id (non-empty) was
  // added before (the first one keeps the id).
  bool AddRecord(const IndexedRecord& record);
  // Forgets every record of `warc` (it turned out to be damaged).
  void ClearRecords(const std::string& warc);
  size_t record_count() const { return records_; }

  // The first record added with `id`, or the one at `offset` of `warc`, or
  // the first with `target_uri` and `date`.
  std::optional<IndexedRecord> FindById(const std::string& id);
  std::optional<IndexedRecord> FindByOffset(const std::string& warc, uint64_t offset);
  std::optional<IndexedRecord> FindByUriAndDate(const std::string& target_uri, const std::string& date);
  // A record's field that names another record by id (WARC-Concurrent-To,
  // WARC-Warcinfo-ID).
  void AddLink(const std::string& warc, uint64_t offset, const std::string& field, const std::string& target);
  // Every link whose target is no record's id, in the order added.
  void ForEachDanglingLink(const std::function<void(const std::string& warc, uint64_t offset, const std::string& field,
                                                    const std::string& target)>& visit);
  // Every record of `type`, in the order added.
  void ForEachOfType(const std::string& type, const std::function<void(const IndexedRecord&)>& visit);

  void AddCdxjLine(const IndexedCdxjLine& line);
  // Forgets the lines of index file `entry`.
  void ClearCdxjLines(const std::string& entry);
  // Every CDXJ line, file by file in the order added.
  void ForEachCdxjLine(const std::function<void(const IndexedCdxjLine&)>& visit);

 private:
  explicit RecordIndex(SqliteDb db);
  SqliteDb db_;
  SqliteStatement insert_record_, has_id_, by_id_, by_offset_, by_uri_date_, of_type_, insert_cdxj_, all_cdxj_,
      clear_records_, clear_cdxj_, insert_link_, dangling_links_, clear_links_;
  size_t records_ = 0;
  std::map<std::string, size_t> per_warc_;  // records of each WARC
};

}  // namespace rotproof
