#pragma once
// WACZ 1.1.1 packaging: a zip holding the WARC, a CDXJ index, pages.jsonl
// and a datapackage.json that lists each file's sha256 and size.

#include <cstdint>
#include <string>
#include <vector>

#include "rotproof/cdxj_index.h"
#include "rotproof/fs.h"
#include "rotproof/status.h"

namespace rotproof {

// One line of pages/pages.jsonl: what replay lists and opens.
struct WaczPage {
  std::string id;
  std::string url;
  std::string title;
  std::string ts;      // W3C-DTF, of the capture: where replay finds the page
  std::string date{};  // the article's own, YYYY-MM-DD ("date" in pages.jsonl); "" when it has none
};

struct WaczContents {
  const SpillBuffer* warc = nullptr;  // stored as archive/data.warc.gz
  const CdxjIndex* index = nullptr;   // finished
  std::string title;
  std::vector<WaczPage> pages;
  std::string main_page_url;   // datapackage's mainPageUrl, when set
  std::string main_page_date;  // W3C-DTF
  std::string created;         // W3C-DTF
  int64_t mtime = 0;           // zip entry times, for reproducible output
  std::string sign_key_path;   // when set, datapackage-digest.json is signed
};

// Writes the package to the open file `fd` (the caller renames it into
// place); `path` names it in messages.
Status WriteWacz(const WaczContents& contents, int fd, const std::string& path);

}  // namespace rotproof
