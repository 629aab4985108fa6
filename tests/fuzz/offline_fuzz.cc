// libFuzzer: what the offline features read from outside: a web archive's
// index answer (CDX JSON, Memento TimeMap) and the HTML a reader page is
// made of (active content removal and the policy's insertion).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rotproof/offline_page.h"
#include "rotproof/web_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  rotproof::RescueOptions cdx;
  (void)rotproof::ClosestFirst(rotproof::ParseIndexAnswer(text, cdx), "20200601000000", 3);
  rotproof::RescueOptions timemap;
  timemap.timemap = "http://t.test/";
  (void)rotproof::ParseIndexAnswer(text, timemap);
  (void)rotproof::MakeReaderPage(text, rotproof::ArticleFacts{"t", "2020-01-01", "u", "c", {}});
  return 0;
}
