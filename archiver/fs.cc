#include "rotproof/fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "rotproof/handles.h"

namespace rotproof {

Result<TempDir> TempDir::Create(const std::string& parent, const std::string& prefix) {
  std::string templ = parent + "/." + prefix + "-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr)
    return Status::IoError(parent + ": cannot create a temporary directory: " +
                           std::strerror(errno));
  return TempDir(std::string(buf.data()));
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

// An open file in `dir` with no name: O_TMPFILE where the file system has
// it, else a named one unlinked at once.
FilePtr AnonymousFile(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string templ = dir + "/.rotproof-spill-XXXXXX";
    fd = mkostemp(templ.data(), O_CLOEXEC);
    if (fd < 0) return nullptr;
    ::unlink(templ.c_str());
  }
  FilePtr f(fdopen(fd, "w+b"));
  if (!f) ::close(fd);
  return f;
}

}  // namespace

Status SpillBuffer::Append(const char* data, size_t n) {
  size_ += n;
  if (!file_ && memory_.size() + n <= memory_limit_) {
    memory_.append(data, n);
    return Status::Ok();
  }
  if (!file_) {
    file_ = AnonymousFile(dir_);
    if (!file_) return Status::IoError(dir_ + ": cannot create a temporary file: " + std::strerror(errno));
    if (std::fwrite(memory_.data(), 1, memory_.size(), file_.get()) != memory_.size())
      return Status::IoError(dir_ + ": temporary file write failed");
    memory_ = std::string();
  }
  if (std::fwrite(data, 1, n, file_.get()) != n) return Status::IoError(dir_ + ": temporary file write failed");
  return Status::Ok();
}

Status SpillBuffer::Truncate(uint64_t size) {
  size_ = size;
  if (!file_) {
    memory_.resize(size);
    return Status::Ok();
  }
  if (std::fflush(file_.get()) != 0 || ::ftruncate(fileno(file_.get()), static_cast<off_t>(size)) != 0 ||
      std::fseek(file_.get(), 0, SEEK_END) != 0)
    return Status::IoError(dir_ + ": temporary file truncation failed");
  return Status::Ok();
}

Status SpillBuffer::ReadBack(const std::function<bool(const char*, size_t)>& piece) const {
  if (!file_) {
    if (!piece(memory_.data(), memory_.size())) return Status::IoError("write of buffered bytes failed");
    return Status::Ok();
  }
  if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0)
    return Status::IoError(dir_ + ": temporary file read failed");
  std::vector<char> buf(1 << 16);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), file_.get())) > 0)
    if (!piece(buf.data(), n)) return Status::IoError("write of buffered bytes failed");
  if (std::ferror(file_.get()) || std::fseek(file_.get(), 0, SEEK_END) != 0)
    return Status::IoError(dir_ + ": temporary file read failed");
  return Status::Ok();
}

std::string TempNameFor(const std::string& path) {
  static std::atomic<uint64_t> next{0};
  std::filesystem::path p(path);
  return (p.parent_path() / (".rotproof-" + p.filename().string() + "." + std::to_string(getpid()) + "-" +
                             std::to_string(next++)))
      .string();
}

namespace {

// `write_all` hands the contents to the piece sink it is given.
template <typename WriteAll>
Status WriteAtomically(const std::string& path, const WriteAll& write_all) {
  std::string tmp = TempNameFor(path);
  {
    FilePtr f(std::fopen(tmp.c_str(), "wb"));
    if (!f) return Status::IoError(path + ": cannot create: " + std::strerror(errno));
    bool written = true;
    Status read = write_all([&](const char* data, size_t n) {
      written = written && std::fwrite(data, 1, n, f.get()) == n;
      return written;
    });
    if (!written || !read.ok() || std::fflush(f.get()) != 0) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return written && !read.ok() ? read : Status::IoError(path + ": write failed");
    }
  }
  return RenameInto(tmp, path);
}

}  // namespace

Status WriteFileAtomic(const std::string& path, const std::string& bytes) {
  return WriteAtomically(path, [&bytes](const auto& piece) {
    piece(bytes.data(), bytes.size());
    return Status::Ok();
  });
}

Status WriteFileAtomic(const std::string& path, const SpillBuffer& contents) {
  return WriteAtomically(path, [&contents](const auto& piece) { return contents.ReadBack(piece); });
}

Status RenameInto(const std::string& from, const std::string& to) {
  std::error_code ec;
  std::filesystem::rename(from, to, ec);
  if (ec) {
    std::string why = ec.message();
    std::filesystem::remove_all(from, ec);
    return Status::IoError(to + ": cannot rename into place: " + why);
  }
  return Status::Ok();
}

}  // namespace rotproof
