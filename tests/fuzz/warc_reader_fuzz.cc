// libFuzzer: the verifier's WARC reader on arbitrary .warc.gz bytes.
#include <cstddef>
#include <cstdint>

#include "rotproof/archive_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<rotproof::ReadIssue> issues;
  rotproof::WarcLimits limits;
  limits.max_record_bytes = 64 << 20;  // keep each run's memory small
  for (const auto& r : rotproof::ReadWarcGz({reinterpret_cast<const char*>(data), size}, &issues, limits)) {
    std::string_view head;
    (void)rotproof::RecordPayload(r, &head);
  }
  return 0;
}
