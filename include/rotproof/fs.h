#pragma once
// File-system helpers for outputs that must appear whole or not at all.

#include <string>

#include "rotproof/status.h"

namespace rotproof {

// A fresh directory removed with everything in it on destruction.
class TempDir {
 public:
  // Creates "<parent>/.<prefix>-XXXXXX".
  static Result<TempDir> Create(const std::string& parent, const std::string& prefix);
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Writes `bytes` to a temporary name beside `path`, then renames it into
// place, so `path` is never seen partially written.
Status WriteFileAtomic(const std::string& path, const std::string& bytes);

// Renames `from` to `to` (same file system), replacing a file at `to`.
Status RenameInto(const std::string& from, const std::string& to);

}  // namespace rotproof
