#pragma once
// One gzip member of `data`, for test servers and hand-made WARC records.

#include <string>
#include <string_view>

namespace rotproof::testing {

std::string Gzip(std::string_view data);

// `data` deflated with zlib's `window_bits`: 15 zlib-wrapped, -15 raw,
// 15 + 16 gzip.
std::string Deflate(std::string_view data, int window_bits);

}  // namespace rotproof::testing
