#include <filesystem>
#include <fstream>
#include <sstream>

#include "rotproof/archive_reader.h"

namespace rotproof {

Result<ArchiveFile> ReadArchiveFile(const std::string& path, const ZipLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || !std::filesystem::is_regular_file(path, ec)) return Status::NotFound(path + ": no such file");
  char magic[2] = {};
  in.read(magic, 2);
  ArchiveFile a;
  if (magic[0] == '\x1f' && magic[1] == '\x8b') {
    if (std::filesystem::file_size(path, ec) > limits.max_total_bytes)
      return Status::InvalidInput(path + ": larger than " + std::to_string(limits.max_total_bytes) + " bytes");
    std::ostringstream buf;
    in.seekg(0);
    buf << in.rdbuf();
    a.warc = buf.str();
    a.has_warc = true;
    return a;
  }
  if (magic[0] != 'P' || magic[1] != 'K')
    return Status::InvalidInput(path + ": not a zip file: neither a WACZ nor a .warc.gz");
  auto zip = ReadZip(path, limits);
  if (!zip.ok()) return zip.status();
  a.is_wacz = true;
  a.zip = std::move(zip).value();
  for (ZipEntry& e : a.zip.entries) {
    if (e.name == "archive/data.warc.gz") {
      a.warc = e.data;
      a.has_warc = true;
    }
  }
  return a;
}

}  // namespace rotproof
