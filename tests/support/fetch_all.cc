#include "fetch_all.h"

#include <map>

namespace rotproof::testing {

std::vector<FetchOutcome> FetchAll(Transport& transport, const std::vector<std::string>& urls, uint64_t byte_budget) {
  transport.Submit(urls, byte_budget);
  std::map<std::string, FetchOutcome> done;
  // Nothing twice in a row: nothing in flight (once may be a Wakeup).
  for (int idle = 0; done.size() < urls.size() && idle < 2;) {
    std::vector<FetchOutcome> some = transport.Wait();
    idle = some.empty() ? idle + 1 : 0;
    for (FetchOutcome& o : some) done.emplace(o.url, std::move(o));
  }
  std::vector<FetchOutcome> outcomes;
  for (const std::string& url : urls) outcomes.push_back(std::move(done.at(url)));
  return outcomes;
}

}  // namespace rotproof::testing
