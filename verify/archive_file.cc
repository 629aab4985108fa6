#include "rotproof/archive_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <memory>
#include <optional>

#include "rotproof/file_handle.h"
#include "rotproof/warc_reader.h"
#include "rotproof/zip_reader.h"

namespace rotproof {
namespace {

using warc_format::kWarcEntry;

// Bytes read to tell the kinds apart.
constexpr size_t kSniffBytes = 4096;

// The first bytes a gzip stream inflates to (fewer when it is damaged).
std::string InflatedStart(std::string_view gz) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "";
  char out[64];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out);
  z.avail_out = sizeof out;
  inflate(&z, Z_SYNC_FLUSH);
  std::string text(out, sizeof out - z.avail_out);
  inflateEnd(&z);
  return text;
}

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

ArchiveKind SniffArchiveKind(FILE* file, std::string* why) {
  unsigned char head[kSniffBytes];
  size_t got = std::fread(head, 1, sizeof head, file);
  std::rewind(file);
  std::string_view bytes(reinterpret_cast<const char*>(head), got);
  if (bytes.starts_with("PK")) return ArchiveKind::kWacz;
  if (bytes.starts_with("\x28\xB5\x2F\xFD") || bytes.starts_with("\x5D\x2A\x4D\x18")) {
    *why = "not a WARC 1.1 file: a zstandard-compressed WARC (.warc.zst), which WARC 1.1 does not define";
    return ArchiveKind::kWarcZstd;
  }
  bool gzip = bytes.starts_with("\x1F\x8B");
  std::string text = gzip ? InflatedStart(bytes) : std::string(bytes);
  if (text.starts_with("WARC/")) return gzip ? ArchiveKind::kWarcGz : ArchiveKind::kWarc;
  if (text.starts_with("filedesc://")) {
    size_t line2 = text.find('\n');
    char version = line2 != std::string::npos && line2 + 1 < text.size() ? text[line2 + 1] : '?';
    *why =
        std::string("not a WARC file: ARC v") + version + " (the format before WARC; convert it with warcio or jwarc)";
    return ArchiveKind::kArc;
  }
  *why = "not a web archive: neither a WACZ, a WARC nor a .warc.gz";
  return ArchiveKind::kUnknown;
}

Status StreamBareWarc(FILE* file, const std::string& path, WarcReader* reader) {
  auto buf = std::make_unique<char[]>(1 << 20);
  size_t n;
  while ((n = std::fread(buf.get(), 1, 1 << 20, file)) > 0 && reader->Feed({buf.get(), n})) {
  }
  if (std::ferror(file)) return Status::IoError(path + ": read failed");
  reader->Finish();
  return Status::Ok();
}

Status StreamWarcRecords(const std::string& path, WarcRecordSink* sink, std::vector<ReadIssue>* issues) {
  auto file = OpenArchiveFile(path);
  if (!file.ok()) return file.status();
  std::string why;
  ArchiveKind kind = SniffArchiveKind(file->get(), &why);
  if (kind == ArchiveKind::kWacz) {
    file->reset();
    WarcEntryForwarder forward(sink, issues);
    ROTPROOF_RETURN_IF_ERROR(StreamZip(path, ZipLimits{}, &forward, issues));
    if (!forward.seen()) return Status::Corruption(path + ": the archive holds no " + kWarcEntry);
    return Status::Ok();
  }
  if (kind != ArchiveKind::kWarcGz && kind != ArchiveKind::kWarc) return Status::InvalidInput(path + ": " + why);
  WarcReader reader(sink, issues, {}, kind == ArchiveKind::kWarc ? WarcFraming::kPlain : WarcFraming::kGzipMembers);
  return StreamBareWarc(file->get(), path, &reader);
}

}  // namespace rotproof
