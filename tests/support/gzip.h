#pragma once
// One gzip member of `data`, for test servers and hand-made WARC records.

#include <string>
#include <string_view>

namespace rotproof::testing {

std::string Gzip(std::string_view data);

}  // namespace rotproof::testing
