#pragma once
// An owned C stdio file, closed when it goes out of scope.

#include <cstdio>
#include <memory>

namespace rotproof {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace rotproof
