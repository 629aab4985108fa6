#pragma once
// RAII owners for libarchive handles.
#include <archive.h>

#include <memory>

namespace rotproof {

struct ArchiveWriteDeleter {
  void operator()(archive* p) const { archive_write_free(p); }
};
using ArchiveWritePtr = std::unique_ptr<archive, ArchiveWriteDeleter>;

struct ArchiveReadDeleter {
  void operator()(archive* p) const { archive_read_free(p); }
};
using ArchiveReadPtr = std::unique_ptr<archive, ArchiveReadDeleter>;

}  // namespace rotproof
