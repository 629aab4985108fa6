// libFuzzer: proxy-rule unwrapping of arbitrary URLs, and rule files.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rotproof/resolve.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rotproof::RuleSet rules = rotproof::RuleSet::Defaults();
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string url = text;
  for (int depth = 0; depth < 8; ++depth) {
    auto next = rules.UnwrapOnce(url);
    if (!next) break;
    url = *next;
  }
  (void)rotproof::AbsoluteUrl(text, "https://blog.example/a/b");
  (void)rotproof::RuleSet::Parse(text, "fuzz.yaml");
  return 0;
}
