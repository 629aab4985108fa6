// libFuzzer: the whole auditor on an arbitrary file (WACZ zip or .warc.gz):
// zip reader, datapackage, CDXJ, pages, manifest and signature checks.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "rotproof/verify_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/rotproof-fuzz-" + std::to_string(getpid()) + ".wacz";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  rotproof::VerifyOptions options;
  rotproof::VerifyReport report = rotproof::VerifyArchive(path, options);
  (void)rotproof::FormatJson({report}, options);
  return 0;
}
