#pragma once
// WACZ 1.1.1 packaging: a zip holding the WARC, a CDXJ index, pages.jsonl
// and a datapackage.json that lists each file's sha256 and size.

#include <cstdint>
#include <string>
#include <vector>

#include "rotproof/fs.h"
#include "rotproof/status.h"

namespace rotproof {

// One line of indexes/index.cdxj, before sorting.
struct CdxjEntry {
  std::string url;
  std::string timestamp;  // 14 digits
  std::string mime;
  int status = 0;      // HTTP status; 200 for resources
  std::string digest;  // payload digest
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct WaczContents {
  const SpillBuffer* warc = nullptr;  // stored as archive/data.warc.gz
  std::vector<CdxjEntry> index;
  std::string title;
  std::string main_page_url;
  std::string main_page_date;  // W3C-DTF
  std::string created;         // W3C-DTF
  int64_t mtime = 0;           // zip entry times, for reproducible output
  std::string sign_key_path;   // when set, datapackage-digest.json is signed
};

// "org,example,www)/path?q" for "https://www.example.org/path?q"; other
// schemes (urn:) are returned as they are.
std::string SurtKey(const std::string& url);

// Writes the package to the open file `fd` (the caller renames it into
// place); `path` names it in messages.
Status WriteWacz(const WaczContents& contents, int fd, const std::string& path);

}  // namespace rotproof
