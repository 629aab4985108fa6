#pragma once
// A thin layer over SQLite's C API for the two stores that use it (the
// verifier's on-disk record index, the batch journal): one connection,
// prepared statements with typed binding, and a sticky error, as a LevelDB
// iterator's status(), so a loop of steps needs no check per call.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "rotproof/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace rotproof {

class SqliteStatement;

class SqliteDb {
 public:
  // Opens, creating it if need be, the database at `path`; "" is a private
  // temporary file, deleted when closed. Errors: IoError naming `path`.
  static Result<SqliteDb> Open(const std::string& path);

  SqliteDb(SqliteDb&&) noexcept;
  SqliteDb& operator=(SqliteDb&&) noexcept;
  ~SqliteDb();

  // Runs `sql` (any number of statements). Errors are also kept in status().
  Status Exec(const std::string& sql);
  // A statement for `sql`; on error, status() says why and the statement
  // never yields a row.
  SqliteStatement Prepare(const std::string& sql);
  // The first error met on this connection, or OK.
  const Status& status() const;

 private:
  friend class SqliteStatement;
  struct State;
  explicit SqliteDb(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&&) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) noexcept;
  ~SqliteStatement();

  // Readies the statement for a new use, its parameters unbound (NULL).
  SqliteStatement& Reset();
  // Binds parameter `i` (from 1). Text is not copied: it must live until the
  // last Step of this use. Numbers keep all 64 bits through SQLite's signed
  // integers; nullopt binds NULL.
  SqliteStatement& Bind(int i, std::string_view text);
  SqliteStatement& BindNullable(int i, const std::optional<std::string>& text);
  SqliteStatement& Bind(int i, uint64_t number);
  // True when a row is ready; false when done or failed (the connection's
  // status() then says why).
  bool Step();

  // Columns of the current row, from 0.
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;  // nullopt for NULL
  uint64_t Number(int column) const;

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3_stmt* statement, SqliteDb::State* db) : statement_(statement), db_(db) {}
  sqlite3_stmt* statement_;
  SqliteDb::State* db_;
};

}  // namespace rotproof
