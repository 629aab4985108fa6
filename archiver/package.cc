#include "package.h"

namespace rotproof {

Result<std::string> PackageWarc(const PackageInput& input, const std::string& slug) {
  std::string path = input.options.out_dir + "/" + slug + ".warc.gz";
  ROTPROOF_RETURN_IF_ERROR(WriteFileAtomic(path, *input.warc));
  return path;
}

Packager PackagerFor(ArchiveOptions::Format format) {
  switch (format) {
    case ArchiveOptions::Format::kWarc:
      return PackageWarc;
    case ArchiveOptions::Format::kWacz:
      break;
  }
  return PackageWacz;
}

}  // namespace rotproof
