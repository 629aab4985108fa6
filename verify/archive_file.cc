#include "rotproof/archive_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <optional>

#include "rotproof/file_handle.h"
#include "rotproof/warc_reader.h"
#include "rotproof/zip_reader.h"

namespace rotproof {
namespace {

using warc_format::kWarcEntry;

// Hands the bytes of a WACZ's WARC entry to a record reader as they stream.
class WarcEntryForwarder : public ZipEntrySink {
 public:
  WarcEntryForwarder(WarcRecordSink* sink, std::vector<ReadIssue>* issues) : sink_(sink), issues_(issues) {}

  void OnEntry(const std::string& name) override {
    if (name == kWarcEntry && !seen_) reader_.emplace(sink_, issues_);
  }
  void OnData(std::string_view bytes) override {
    if (reader_) reader_->Feed(bytes);
  }
  void OnEntryEnd(bool) override {
    if (!reader_) return;
    reader_->Finish();
    reader_.reset();
    seen_ = true;
  }
  bool seen() const { return seen_; }

 private:
  WarcRecordSink* sink_;
  std::vector<ReadIssue>* issues_;
  std::optional<WarcReader> reader_;
  bool seen_ = false;
};

}  // namespace

Result<FilePtr> OpenArchiveFile(const std::string& path) {
  // Without blocking: opening a FIFO for reading waits for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::InvalidInput(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidInput(path + ": not a regular file");
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  FilePtr file(::fdopen(fd, "rb"));
  if (!file) {
    ::close(fd);
    return Status::IoError(path + ": cannot open");
  }
  return file;
}

Status StreamWarcRecords(const std::string& path, WarcRecordSink* sink, std::vector<ReadIssue>* issues) {
  auto file = OpenArchiveFile(path);
  if (!file.ok()) return file.status();
  char magic[2] = {};
  size_t got = std::fread(magic, 1, 2, file->get());
  if (got == 2 && magic[0] == 'P' && magic[1] == 'K') {
    file->reset();
    WarcEntryForwarder forward(sink, issues);
    ROTPROOF_RETURN_IF_ERROR(StreamZip(path, ZipLimits{}, &forward, issues));
    if (!forward.seen()) return Status::Corruption(path + ": the archive holds no " + kWarcEntry);
    return Status::Ok();
  }
  if (got != 2 || magic[0] != '\x1f' || magic[1] != '\x8b')
    return Status::InvalidInput(path + ": not a zip file: neither a WACZ nor a .warc.gz");
  WarcReader reader(sink, issues);
  reader.Feed({magic, 2});
  auto buf = std::make_unique<char[]>(1 << 20);
  size_t n;
  while ((n = std::fread(buf.get(), 1, 1 << 20, file->get())) > 0 && reader.Feed({buf.get(), n})) {
  }
  if (std::ferror(file->get())) return Status::IoError(path + ": read failed");
  reader.Finish();
  return Status::Ok();
}

}  // namespace rotproof
