// libFuzzer: the CDXJ line parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rotproof/cdxj.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    (void)rotproof::ParseCdxjLine(text.substr(start, end == std::string_view::npos ? text.npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return 0;
}
