#include "rotproof/wacz.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "package.h"
#include "rotproof/archive_handles.h"
#include "rotproof/digest.h"
#include "rotproof/sign.h"
#include "rotproof/text.h"
#include "rotproof/url.h"
#include "rotproof/warc_format.h"

namespace rotproof {
namespace {

using nlohmann::ordered_json;

struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

struct Listed {
  std::string path;
  std::string hash;
  uint64_t bytes;
};

class ZipWriter {
 public:
  ZipWriter(int fd, std::string path, int64_t mtime) : fd_(fd), path_(std::move(path)), mtime_(mtime) {}

  Status Open() {
    zip_.reset(archive_write_new());
    // Whole blocks of 10 KiB, libarchive's default, would pad the file.
    if (archive_write_set_format_zip(zip_.get()) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(zip_.get(), 1) != ARCHIVE_OK ||
        archive_write_open_fd(zip_.get(), fd_) != ARCHIVE_OK)
      return Error("cannot create");
    return Status::Ok();
  }

  // Adds `name` holding `bytes`, deflated.
  Status Add(const std::string& name, const std::string& bytes, Listed* listed) {
    return Add(
        name, false, bytes.size(),
        [&bytes](const auto& piece) {
          piece(bytes.data(), bytes.size());  // a failed write is the zip's to report
          return Status::Ok();
        },
        listed);
  }

  // Adds `name` holding what `buffer` holds; `store`d (not deflated) for
  // what is compressed already, as WACZ keeps .warc.gz and .cdx.gz.
  Status Add(const std::string& name, const SpillBuffer& buffer, bool store, Listed* listed) {
    return Add(
        name, store, buffer.size(), [&buffer](const auto& piece) { return buffer.ReadBack(piece); }, listed);
  }

  Status Close() {
    if (archive_write_close(zip_.get()) != ARCHIVE_OK) return Error("cannot finish");
    return Status::Ok();
  }

 private:
  // `read_back` hands the `size` bytes to the piece sink it is given.
  template <typename ReadBack>
  Status Add(const std::string& name, bool store, uint64_t size, const ReadBack& read_back, Listed* listed) {
    int rc = store ? archive_write_zip_set_compression_store(zip_.get())
                   : archive_write_zip_set_compression_deflate(zip_.get());
    if (rc != ARCHIVE_OK) return Error("cannot set compression");
    std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
    archive_entry_set_mtime(e.get(), mtime_, 0);
    if (archive_write_header(zip_.get(), e.get()) != ARCHIVE_OK) return Error("header of " + name);
    Sha256 hash;
    bool written = true;
    std::function<bool(const char*, size_t)> piece = [&](const char* d, size_t n) {
      hash.Update(d, n);
      written = archive_write_data(zip_.get(), d, n) == static_cast<la_ssize_t>(n);
      return written;
    };
    Status read = read_back(piece);
    if (!written) return Error("data of " + name);
    ROTPROOF_RETURN_IF_ERROR(read);
    if (archive_write_finish_entry(zip_.get()) != ARCHIVE_OK) return Error("entry " + name);
    if (listed != nullptr) *listed = {name, hash.Finish(), size};
    return Status::Ok();
  }

  Status Error(const std::string& what) {
    const char* why = zip_ ? archive_error_string(zip_.get()) : nullptr;
    return Status::IoError(path_ + ": " + what + (why ? std::string(": ") + why : ""));
  }
  int fd_;
  std::string path_;
  int64_t mtime_;
  ArchiveWritePtr zip_;
};

}  // namespace

Status WriteWacz(const WaczContents& c, int fd, const std::string& path) {
  ZipWriter zip(fd, path, c.mtime);
  ROTPROOF_RETURN_IF_ERROR(zip.Open());
  std::vector<Listed> listed(1);
  ROTPROOF_RETURN_IF_ERROR(zip.Add(warc_format::kWarcEntry, *c.warc, true, &listed.back()));
  listed.emplace_back();
  if (c.index->compressed()) {
    ROTPROOF_RETURN_IF_ERROR(zip.Add(warc_format::kCompressedIndexEntry, c.index->data(), true, &listed.back()));
    listed.emplace_back();
    ROTPROOF_RETURN_IF_ERROR(zip.Add(warc_format::kIndexIdxEntry, c.index->idx(), &listed.back()));
  } else {
    ROTPROOF_RETURN_IF_ERROR(zip.Add(warc_format::kCdxjEntry, c.index->data(), false, &listed.back()));
  }
  std::string pages =
      ordered_json({{"format", "json-pages-1.0"}, {"id", "pages"}, {"title", "All Pages"}}).dump() + "\n";
  for (const WaczPage& p : c.pages) {
    ordered_json page = {{"id", p.id}, {"url", p.url}, {"title", p.title}, {"ts", p.ts}};
    if (!p.date.empty()) page["date"] = p.date;
    pages += page.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  }
  listed.emplace_back();
  ROTPROOF_RETURN_IF_ERROR(zip.Add(warc_format::kPagesEntry, pages, &listed.back()));

  ordered_json resources = ordered_json::array();
  for (const Listed& l : listed) {
    std::string name = l.path.substr(l.path.rfind('/') + 1);
    resources.push_back({{"name", name}, {"path", l.path}, {"hash", l.hash}, {"bytes", l.bytes}});
  }
  ordered_json dp = {{"profile", "data-package"}, {"wacz_version", "1.1.1"},
                     {"title", c.title},          {"created", c.created},
                     {"modified", c.created},     {"software", "rotproof " ROTPROOF_VERSION}};
  if (!c.main_page_url.empty()) {
    dp["mainPageUrl"] = c.main_page_url;
    dp["mainPageDate"] = c.main_page_date;
  }
  dp["resources"] = resources;
  std::string datapackage = dp.dump(2, ' ', false, ordered_json::error_handler_t::replace);
  ROTPROOF_RETURN_IF_ERROR(zip.Add(warc_format::kDatapackageEntry, datapackage, nullptr));
  const std::string hash = Sha256Digest(datapackage);
  ordered_json digest = {{"path", warc_format::kDatapackageEntry}, {"hash", hash}};
  if (!c.sign_key_path.empty()) {
    auto sig = SignHash(hash, c.sign_key_path);
    if (!sig.ok()) return sig.status();
    digest["signedData"] = {{"hash", hash},
                            {"created", c.created},
                            {"software", "rotproof " ROTPROOF_VERSION},
                            {"signature", sig->signature},
                            {"publicKey", sig->public_key}};
  }
  ROTPROOF_RETURN_IF_ERROR(zip.Add(warc_format::kDatapackageDigestEntry, digest.dump(2), nullptr));
  return zip.Close();
}

Result<std::string> PackageWacz(const PackageInput& input, const std::string& slug) {
  const ArchiveOptions& options = input.options;
  std::vector<std::string> lines;
  for (const CdxjEntry& e : input.index) lines.push_back(IndexLineOf(e));
  std::sort(lines.begin(), lines.end());  // bytewise, as LC_ALL=C sort
  CdxjIndex index(options.out_dir);
  for (const std::string& line : lines) ROTPROOF_RETURN_IF_ERROR(index.Add(line));
  ROTPROOF_RETURN_IF_ERROR(index.Finish());
  WaczContents wacz;
  wacz.warc = input.warc;
  wacz.index = &index;
  wacz.title = input.title;
  wacz.pages = {{"main", input.main_page_url, input.title, input.date, input.article_date}};
  wacz.main_page_url = input.main_page_url;
  wacz.main_page_date = input.date;
  wacz.created = input.date;
  wacz.mtime = options.capture_time;
  wacz.sign_key_path = options.sign_key_path;
  std::string path = options.out_dir + "/" + slug + ".wacz";
  auto pending = PendingFile::Create(path);
  if (!pending.ok()) return pending.status();
  ROTPROOF_RETURN_IF_ERROR(WriteWacz(wacz, pending->fd(), path));
  ROTPROOF_RETURN_IF_ERROR(pending->Commit());
  return path;
}

}  // namespace rotproof
