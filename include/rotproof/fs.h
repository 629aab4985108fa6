#pragma once
// File-system helpers for outputs that must appear whole or not at all.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "rotproof/file_handle.h"
#include "rotproof/status.h"

namespace rotproof {

// Temporary names rotproof makes, ".rotproof-tmp-" and random letters and
// digits, and nothing else does: a killed run's leftovers are recognised by
// IsTempName and removed, and a user's own ".rotproof-sign.pem" is not.
inline constexpr char kTempPrefix[] = ".rotproof-tmp-";
bool IsTempName(std::string_view file_name);

// A fresh directory removed with everything in it on destruction.
class TempDir {
 public:
  // Creates "<parent>/.rotproof-tmp-XXXXXX" (mkdtemp).
  static Result<TempDir> Create(const std::string& parent);
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Bytes written once and then read back: in memory up to a limit, beyond it
// in an unnamed temporary file, which vanishes however the process ends.
// Most articles' archives are small; creating and removing a file for each
// cost more than writing it.
class SpillBuffer {
 public:
  // Spills into `dir` once more than `memory_limit` bytes are appended.
  SpillBuffer(std::string dir, size_t memory_limit) : dir_(std::move(dir)), memory_limit_(memory_limit) {}

  Status Append(const char* data, size_t n);
  uint64_t size() const { return size_; }
  // Drops everything past the first `size` bytes. REQUIRES: size <= size().
  Status Truncate(uint64_t size);
  // Calls `piece` with the contents in order; stops early (with an error)
  // when it returns false.
  Status ReadBack(const std::function<bool(const char*, size_t)>& piece) const;

 private:
  std::string dir_;
  size_t memory_limit_;
  std::string memory_;
  FilePtr file_;  // once spilled: everything, memory_ is empty
  uint64_t size_ = 0;
};

// A file written under a temporary name beside its final one, then renamed
// into place, so the final name is never seen half-written. The temporary
// name is unpredictable and short (whatever the final name's length), and
// created exclusively without following symlinks: a planted link cannot
// redirect the write. Removed on destruction unless committed.
class PendingFile {
 public:
  // Errors: IoError naming `path`.
  static Result<PendingFile> Create(const std::string& path);
  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&&) = delete;
  ~PendingFile();

  std::FILE* file() const { return file_.get(); }
  int fd() const;
  // Flushes, closes and renames the file to its final path.
  Status Commit();

 private:
  PendingFile(std::string temp, std::string path, FilePtr file)
      : temp_(std::move(temp)), path_(std::move(path)), file_(std::move(file)) {}
  std::string temp_, path_;
  FilePtr file_;
};

// Writes `bytes` to a temporary name beside `path`, then renames it into
// place, so `path` is never seen partially written.
Status WriteFileAtomic(const std::string& path, const std::string& bytes);
Status WriteFileAtomic(const std::string& path, const SpillBuffer& contents);

// The bytes of the file at `path`. Errors: IoError naming it.
Result<std::string> ReadWholeFile(const std::string& path);

// Renames `from` to `to` (same file system), replacing a file at `to`.
Status RenameInto(const std::string& from, const std::string& to);

}  // namespace rotproof
