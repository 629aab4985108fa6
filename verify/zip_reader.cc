#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>

#include "rotproof/archive_reader.h"
#include "rotproof/handles.h"

namespace rotproof {

Result<ZipContents> ReadZip(const std::string& path, const ZipLimits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Status::NotFound(path + ": no such file");
  ArchiveReadPtr a(archive_read_new());
  archive_read_support_format_zip(a.get());
  auto why = [&a] {
    const char* e = archive_error_string(a.get());
    return std::string(e ? e : "unknown error");
  };
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return Status::InvalidInput(path + ": not a zip file: " + why());
  ZipContents out;
  uint64_t total = 0;
  size_t count = 0;
  archive_entry* e = nullptr;
  for (;;) {
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      if (count == 0) return Status::InvalidInput(path + ": not a zip file: " + why());
      out.issues.push_back({"E-ZIP-DAMAGED", 0, "zip structure is damaged: " + why()});
      break;
    }
    if (++count > limits.max_entries) {
      out.issues.push_back({"E-ZIP-LIMIT", 0, "more than " + std::to_string(limits.max_entries) +
                                                  " entries; the rest was not read"});
      break;
    }
    ZipEntry entry;
    const char* name = archive_entry_pathname(e);
    entry.name = name ? name : "";
    if (archive_entry_filetype(e) == AE_IFDIR) continue;
    if (archive_entry_filetype(e) != AE_IFREG) {
      out.issues.push_back({"E-ZIP-ENTRY", 0, "entry '" + entry.name + "' is not a regular file"});
      continue;
    }
    char buf[1 << 16];
    la_ssize_t n;
    bool over_limit = false;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
      total += static_cast<uint64_t>(n);
      uint64_t read = static_cast<uint64_t>(std::max<la_int64_t>(archive_filter_bytes(a.get(), -1), 1));
      if (total > limits.max_total_bytes || (total > (1u << 20) && total / read > limits.max_ratio)) {
        over_limit = true;
        break;
      }
      entry.data.append(buf, static_cast<size_t>(n));
    }
    if (over_limit) {
      out.issues.push_back({"E-ZIP-LIMIT", 0, "uncompressed size exceeds " +
                                                  std::to_string(limits.max_total_bytes) +
                                                  " bytes or " + std::to_string(limits.max_ratio) +
                                                  ":1 (a zip bomb?); the rest was not read"});
      break;
    }
    if (n < 0) {
      out.issues.push_back({"E-ZIP-ENTRY", 0, "entry '" + entry.name + "' is damaged: " + why()});
      continue;
    }
    out.entries.push_back(std::move(entry));
  }
  return out;
}

}  // namespace rotproof
