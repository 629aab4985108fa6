#pragma once
// What packing many archives into one must remember across them: the
// record that holds each payload, the record ids written, the index lines.
// Kept in a temporary on-disk SQLite database, so that memory does not grow
// with the number of articles; an archive's additions are one savepoint,
// dropped whole when that archive cannot be packed.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "records.h"
#include "rotproof/sqlite.h"
#include "rotproof/status.h"

namespace rotproof {

class PackLedger {
 public:
  // Errors: IoError when SQLite cannot create its file.
  static Result<PackLedger> Create();

  // The first error of SQLite on its file (disk full, say), or OK.
  const Status& status() const { return db_.status(); }

  // Starts an archive's additions; Commit keeps them, Rollback drops them.
  Status Begin();
  Status Commit();
  Status Rollback();

  // The record that stores payload `digest`, if one was added.
  std::optional<StoredPayload> Holder(const std::string& digest);
  // `holder` stores payload `digest` (a later holder of it is ignored).
  void AddHolder(const std::string& digest, const StoredPayload& holder);
  // Returns false when `id` was added before.
  bool AddRecordId(const std::string& id);
  // An index line, without its newline.
  void AddLine(const std::string& line);
  // Every index line, in bytewise order (as LC_ALL=C sort); stops at the
  // first error `visit` returns.
  Status ForEachLineSorted(const std::function<Status(std::string_view line)>& visit);

 private:
  explicit PackLedger(SqliteDb db);
  SqliteDb db_;
  SqliteStatement holder_, add_holder_, add_id_, has_id_, add_line_;
};

}  // namespace rotproof
