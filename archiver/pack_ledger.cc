#include "pack_ledger.h"

namespace rotproof {
namespace {

// The journal stays in memory: it holds one archive's changes at most.
constexpr const char* kSchema = R"(
PRAGMA journal_mode = MEMORY;
PRAGMA synchronous = OFF;
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA temp_store = FILE;
PRAGMA cache_size = -4096;
CREATE TABLE holders (digest TEXT PRIMARY KEY, id TEXT, uri TEXT, date TEXT);
CREATE TABLE ids (id TEXT PRIMARY KEY);
CREATE TABLE lines (line TEXT);
)";

}  // namespace

PackLedger::PackLedger(SqliteDb db)
    : db_(std::move(db)),
      holder_(db_.Prepare("SELECT id, uri, date FROM holders WHERE digest = ?")),
      add_holder_(db_.Prepare("INSERT OR IGNORE INTO holders (digest, id, uri, date) VALUES (?, ?, ?, ?)")),
      add_id_(db_.Prepare("INSERT INTO ids (id) VALUES (?)")),
      has_id_(db_.Prepare("SELECT 1 FROM ids WHERE id = ?")),
      add_line_(db_.Prepare("INSERT INTO lines (line) VALUES (?)")) {}

Result<PackLedger> PackLedger::Create() {
  auto db = SqliteDb::Open("");
  if (!db.ok()) return db.status();
  ROTPROOF_RETURN_IF_ERROR(db->Exec(kSchema));
  PackLedger ledger(std::move(db).value());
  if (!ledger.status().ok()) return ledger.status();
  return ledger;
}

Status PackLedger::Begin() { return db_.Exec("BEGIN"); }

// A query left stepping would hold the transaction open.
Status PackLedger::Commit() {
  holder_.Reset();
  has_id_.Reset();
  return db_.Exec("COMMIT");
}

Status PackLedger::Rollback() {
  holder_.Reset();
  has_id_.Reset();
  return db_.Exec("ROLLBACK");
}

std::optional<StoredPayload> PackLedger::Holder(const std::string& digest) {
  if (!holder_.Reset().Bind(1, digest).Step()) return std::nullopt;
  return StoredPayload{holder_.Text(0), holder_.Text(1), holder_.Text(2)};
}

void PackLedger::AddHolder(const std::string& digest, const StoredPayload& holder) {
  add_holder_.Reset().Bind(1, digest).Bind(2, holder.record_id).Bind(3, holder.uri).Bind(4, holder.date).Step();
}

bool PackLedger::AddRecordId(const std::string& id) {
  if (has_id_.Reset().Bind(1, id).Step()) return false;
  add_id_.Reset().Bind(1, id).Step();
  return true;
}

void PackLedger::AddLine(const std::string& line) { add_line_.Reset().Bind(1, line).Step(); }

Status PackLedger::ForEachLineSorted(const std::function<Status(std::string_view line)>& visit) {
  // BINARY collation compares with memcmp: bytewise.
  SqliteStatement all = db_.Prepare("SELECT line FROM lines ORDER BY line");
  while (all.Step()) ROTPROOF_RETURN_IF_ERROR(visit(all.Text(0)));
  return status();
}

}  // namespace rotproof
