// libFuzzer: restore's manifest reader. Whatever the JSON, it never throws,
// and every file it plans to write without a problem has a safe name
// inside the article's directory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rotproof/names.h"
#include "rotproof/restore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto plan = rotproof::PlanRestore(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!plan.ok()) return 0;
  if (!rotproof::IsSafeFileName(plan->slug) || plan->files.empty()) std::abort();
  for (const auto& f : plan->files) {
    if (!f.problem.empty()) continue;
    std::string name = f.path.rfind("assets/", 0) == 0 ? f.path.substr(7) : f.path;
    if (!rotproof::IsSafeFileName(name)) std::abort();
  }
  return 0;
}
