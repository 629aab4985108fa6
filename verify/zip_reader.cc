#include "rotproof/zip_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>

#include "rotproof/archive_handles.h"

namespace rotproof {

Status StreamZip(const std::string& path, const ZipLimits& limits, ZipEntrySink* sink, std::vector<ReadIssue>* issues) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound(path + ": no such file");
  ArchiveReadPtr a(archive_read_new());
  archive_read_support_format_zip(a.get());
  auto why = [&a] {
    const char* e = archive_error_string(a.get());
    return std::string(e ? e : "unknown error");
  };
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
    return Status::InvalidInput(path + ": not a zip file: " + why());
  uint64_t total = 0;
  size_t count = 0;
  archive_entry* e = nullptr;
  for (;;) {
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      if (count == 0) return Status::InvalidInput(path + ": not a zip file: " + why());
      issues->push_back({"E-ZIP-DAMAGED", 0, "zip structure is damaged: " + why()});
      break;
    }
    if (++count > limits.max_entries) {
      issues->push_back(
          {"E-ZIP-LIMIT", 0, "more than " + std::to_string(limits.max_entries) + " entries; the rest was not read"});
      break;
    }
    const char* raw_name = archive_entry_pathname(e);
    std::string name = raw_name ? raw_name : "";
    if (archive_entry_filetype(e) == AE_IFDIR) continue;
    if (archive_entry_filetype(e) != AE_IFREG) {
      issues->push_back({"E-ZIP-ENTRY", 0, "entry '" + name + "' is not a regular file"});
      continue;
    }
    sink->OnEntry(name);
    // Zero-copy: libarchive hands out its own buffers.
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    while ((rc = archive_read_data_block(a.get(), &block, &size, &offset)) == ARCHIVE_OK) {
      total += size;
      uint64_t read = static_cast<uint64_t>(std::max<la_int64_t>(archive_filter_bytes(a.get(), -1), 1));
      if (total > limits.max_total_bytes || (total > (1u << 20) && total / read > limits.max_ratio)) {
        sink->OnEntryEnd(false);
        issues->push_back({"E-ZIP-LIMIT", 0,
                           "uncompressed size exceeds " + std::to_string(limits.max_total_bytes) + " bytes or " +
                               std::to_string(limits.max_ratio) + ":1 (a zip bomb?); the rest was not read"});
        return Status::Ok();
      }
      sink->OnData({static_cast<const char*>(block), size});
    }
    if (rc != ARCHIVE_EOF) {
      issues->push_back({"E-ZIP-ENTRY", 0, "entry '" + name + "' is damaged: " + why()});
      sink->OnEntryEnd(false);
      continue;
    }
    sink->OnEntryEnd(true);
  }
  return Status::Ok();
}

namespace {

class CollectEntries : public ZipEntrySink {
 public:
  explicit CollectEntries(std::vector<ZipEntry>* entries) : entries_(entries) {}
  void OnEntry(const std::string& name) override { entries_->push_back({name, ""}); }
  void OnData(std::string_view bytes) override { entries_->back().data.append(bytes); }
  void OnEntryEnd(bool whole) override {
    if (!whole) entries_->pop_back();
  }

 private:
  std::vector<ZipEntry>* entries_;
};

}  // namespace

Result<ZipContents> ReadZip(const std::string& path, const ZipLimits& limits) {
  ZipContents out;
  CollectEntries collect(&out.entries);
  ROTPROOF_RETURN_IF_ERROR(StreamZip(path, limits, &collect, &out.issues));
  return out;
}

}  // namespace rotproof
