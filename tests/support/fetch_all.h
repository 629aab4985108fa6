#pragma once
// Fetching a list of URLs at once through any Transport, for tests.

#include <string>
#include <vector>

#include "rotproof/fetch.h"

namespace rotproof::testing {

// Submit, then Wait for all of `urls`: one outcome per URL, in the order of
// `urls`. REQUIRES: nothing else is in flight.
std::vector<FetchOutcome> FetchAll(Transport& transport, const std::vector<std::string>& urls, uint64_t byte_budget);

}  // namespace rotproof::testing
