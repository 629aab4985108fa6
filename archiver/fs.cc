#include "rotproof/fs.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "rotproof/handles.h"

namespace rotproof {

Result<TempDir> TempDir::Create(const std::string& parent, const std::string& prefix) {
  std::string templ = parent + "/." + prefix + "-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr)
    return Status::IoError(parent + ": cannot create a temporary directory: " +
                           std::strerror(errno));
  return TempDir(std::string(buf.data()));
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Status WriteFileAtomic(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp-" + std::to_string(getpid());
  {
    FilePtr f(std::fopen(tmp.c_str(), "wb"));
    if (!f) return Status::IoError(path + ": cannot create: " + std::strerror(errno));
    if (std::fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size() ||
        std::fflush(f.get()) != 0) {
      std::filesystem::remove(tmp);
      return Status::IoError(path + ": write failed");
    }
  }
  return RenameInto(tmp, path);
}

Status RenameInto(const std::string& from, const std::string& to) {
  std::error_code ec;
  std::filesystem::rename(from, to, ec);
  if (ec) {
    std::string why = ec.message();
    std::filesystem::remove_all(from, ec);
    return Status::IoError(to + ": cannot rename into place: " + why);
  }
  return Status::Ok();
}

}  // namespace rotproof
