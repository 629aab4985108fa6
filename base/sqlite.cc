#include "rotproof/sqlite.h"

#include <sqlite3.h>

#include <utility>

namespace rotproof {

struct SqliteDb::State {
  std::string path;
  sqlite3* handle = nullptr;
  Status status = Status::Ok();

  ~State() { sqlite3_close_v2(handle); }

  // Keeps the first error, naming the database and what failed.
  Status Fail(const std::string& what) {
    Status error = Status::IoError((path.empty() ? std::string("temporary database") : path) + ": " + what + ": " +
                                   sqlite3_errmsg(handle));
    if (status.ok()) status = error;
    return error;
  }
};

Result<SqliteDb> SqliteDb::Open(const std::string& path) {
  auto state = std::make_unique<State>();
  state->path = path;
  int rc = sqlite3_open_v2(path.c_str(), &state->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) return state->Fail("cannot open");
  return SqliteDb(std::move(state));
}

SqliteDb::SqliteDb(std::unique_ptr<State> state) : state_(std::move(state)) {}
SqliteDb::SqliteDb(SqliteDb&&) noexcept = default;
SqliteDb& SqliteDb::operator=(SqliteDb&&) noexcept = default;
SqliteDb::~SqliteDb() = default;

Status SqliteDb::Exec(const std::string& sql) {
  if (sqlite3_exec(state_->handle, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    return state_->Fail(sql.substr(0, sql.find_first_of(" ;")));
  return Status::Ok();
}

SqliteStatement SqliteDb::Prepare(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(state_->handle, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK)
    (void)state_->Fail("prepare");
  return SqliteStatement(statement, state_.get());
}

const Status& SqliteDb::status() const { return state_->status; }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)), db_(other.db_) {}
SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  std::swap(statement_, other.statement_);
  db_ = other.db_;
  return *this;
}
SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement& SqliteStatement::Reset() {
  if (statement_ == nullptr) return *this;
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int i, std::string_view text) {
  if (statement_ == nullptr) return *this;
  sqlite3_bind_text(statement_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

SqliteStatement& SqliteStatement::BindNullable(int i, const std::optional<std::string>& text) {
  if (text) Bind(i, std::string_view(*text));
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int i, uint64_t number) {
  if (statement_ == nullptr) return *this;
  sqlite3_bind_int64(statement_, i, static_cast<sqlite3_int64>(number));
  return *this;
}

bool SqliteStatement::Step() {
  if (statement_ == nullptr) return false;
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) (void)db_->Fail("step");
  return false;
}

std::string SqliteStatement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(statement_, column));
}

std::optional<std::string> SqliteStatement::OptionalText(int column) const {
  if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
  return Text(column);
}

uint64_t SqliteStatement::Number(int column) const {
  return static_cast<uint64_t>(sqlite3_column_int64(statement_, column));
}

}  // namespace rotproof
