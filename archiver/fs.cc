#include "rotproof/fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "rotproof/file_handle.h"

namespace rotproof {

bool IsTempName(std::string_view name) {
  std::string_view prefix = kTempPrefix;
  if (name.substr(0, prefix.size()) != prefix) return false;
  std::string_view rest = name.substr(prefix.size());
  return (rest.size() == 6 || rest.size() == 16) &&
         std::all_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

Result<TempDir> TempDir::Create(const std::string& parent) {
  std::string templ = parent;
  templ.append("/").append(kTempPrefix).append("XXXXXX");
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr)
    return Status::IoError(parent + ": cannot create a temporary directory: " + std::strerror(errno));
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
    std::string templ = dir;
    templ.append("/").append(kTempPrefix).append("XXXXXX");
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

Result<PendingFile> PendingFile::Create(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::string dir = parent.empty() ? std::string(".") : parent.string();
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int attempt = 0; attempt < 16; ++attempt) {
    unsigned char random[8];
    if (getentropy(random, sizeof random) != 0) return Status::IoError(path + ": no randomness for a temporary name");
    std::string temp = dir;
    temp.append("/").append(kTempPrefix);
    for (unsigned char b : random) {
      temp += kDigits[b >> 4];
      temp += kDigits[b & 15];
    }
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) return Status::IoError(path + ": cannot create: " + std::strerror(errno));
    FilePtr file(fdopen(fd, "wb"));
    if (!file) {
      ::close(fd);
      ::unlink(temp.c_str());
      return Status::IoError(path + ": cannot create: " + std::strerror(errno));
    }
    return PendingFile(std::move(temp), path, std::move(file));
  }
  return Status::IoError(path + ": cannot create a temporary file beside it");
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : temp_(std::move(other.temp_)), path_(std::move(other.path_)), file_(std::move(other.file_)) {
  other.temp_.clear();
}

PendingFile::~PendingFile() {
  file_.reset();
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

int PendingFile::fd() const { return fileno(file_.get()); }

Status PendingFile::Commit() {
  bool flushed = std::fflush(file_.get()) == 0;
  bool closed = std::fclose(file_.release()) == 0;
  if (!flushed || !closed) return Status::IoError(path_ + ": write failed");
  ROTPROOF_RETURN_IF_ERROR(RenameInto(temp_, path_));
  temp_.clear();
  return Status::Ok();
}

namespace {

// `write_all` hands the contents to the piece sink it is given.
template <typename WriteAll>
Status WriteAtomically(const std::string& path, const WriteAll& write_all) {
  auto pending = PendingFile::Create(path);
  if (!pending.ok()) return pending.status();
  bool written = true;
  Status read = write_all([&](const char* data, size_t n) {
    written = written && std::fwrite(data, 1, n, pending->file()) == n;
    return written;
  });
  if (!written) return Status::IoError(path + ": write failed");
  ROTPROOF_RETURN_IF_ERROR(read);
  return pending->Commit();
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

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (!(in && bytes << in.rdbuf())) return Status::IoError(path + ": cannot read");
  return bytes.str();
}

}  // namespace rotproof
