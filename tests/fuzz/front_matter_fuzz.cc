// libFuzzer: the front-matter loader (yaml-cpp behind the fence finder and
// the raw-scalar locator). Every field's span lies inside the front matter,
// and where the raw text is said to equal the value, it does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rotproof/article.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string yaml(reinterpret_cast<const char*>(data), size);
  auto article = rotproof::ParseArticle("post.md", "---\n" + yaml + "\n---\nbody\n");
  if (!article.ok()) return 0;
  for (const rotproof::FrontMatterField& f : article->front_matter) {
    if (f.span.begin < 4 || f.span.begin > f.span.end || f.span.end > 4 + yaml.size()) std::abort();
    if (f.raw_equals_value && article->bytes.compare(f.span.begin, f.span.end - f.span.begin, f.value) != 0)
      std::abort();
  }
  return 0;
}
