#include "rotproof/cdxj_index.h"

#include <libdeflate.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "rotproof/digest.h"
#include "rotproof/text.h"
#include "rotproof/url.h"
#include "rotproof/warc_format.h"

namespace rotproof {
namespace {

using nlohmann::ordered_json;

// An index that fits in a few blocks of memory stays there.
constexpr size_t kIndexInMemory = 4 << 20;

struct CompressorFree {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

std::string FileName(const char* entry) {
  std::string_view path = entry;
  return std::string(path.substr(path.rfind('/') + 1));
}

}  // namespace

std::string SurtKey(const std::string& url) {
  auto parts = SplitUrl(url);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https")) return url;
  std::string host = parts->host;
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  std::vector<std::string> labels;
  for (size_t start = 0;;) {
    size_t dot = host.find('.', start);
    labels.push_back(host.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  std::string key;
  for (auto it = labels.rbegin(); it != labels.rend(); ++it) key += (key.empty() ? "" : ",") + *it;
  const std::string& p = parts->port;
  bool default_port = p.empty() || (p == "80" && parts->scheme == "http") || (p == "443" && parts->scheme == "https");
  std::string port = default_port ? "" : ":" + p;
  std::string path = parts->path.empty() ? "/" : parts->path;
  std::string rest = path + (parts->has_query ? "?" + parts->query : "");
  rest = AsciiLower(rest);
  return key + port + ")" + rest;
}

std::string IndexLineOf(const CdxjEntry& e) {
  ordered_json j = {{"url", e.url},
                    {"mime", e.mime},
                    {"status", e.status},
                    {"digest", e.digest},
                    {"length", e.length},
                    {"offset", e.offset},
                    {"filename", FileName(warc_format::kWarcEntry)}};
  return SurtKey(e.url) + " " + e.timestamp + " " + j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

CdxjIndex::CdxjIndex(std::string spill_dir, size_t block_lines)
    : block_lines_(block_lines == 0 ? 1 : block_lines), data_(std::move(spill_dir), kIndexInMemory) {}

Status CdxjIndex::Add(std::string_view line) {
  if (block_count_ == block_lines_) {
    compressed_ = true;
    ROTPROOF_RETURN_IF_ERROR(FlushBlock());
  }
  if (block_count_ == 0) {
    size_t json = line.find(" {");
    first_key_ = std::string(line.substr(0, json));
  }
  block_.append(line).push_back('\n');
  ++block_count_;
  return Status::Ok();
}

Status CdxjIndex::Finish() {
  if (!compressed_) {
    ROTPROOF_RETURN_IF_ERROR(data_.Append(block_.data(), block_.size()));
    block_.clear();
    block_count_ = 0;
    return Status::Ok();
  }
  return block_count_ == 0 ? Status::Ok() : FlushBlock();
}

Status CdxjIndex::FlushBlock() {
  std::unique_ptr<libdeflate_compressor, CompressorFree> c(libdeflate_alloc_compressor(6));
  if (!c) return Status::IoError("cannot allocate a compressor");
  std::string member(libdeflate_gzip_compress_bound(c.get(), block_.size()), '\0');
  size_t n = libdeflate_gzip_compress(c.get(), block_.data(), block_.size(), member.data(), member.size());
  if (n == 0) return Status::IoError("cannot compress an index block");
  member.resize(n);
  if (idx_.empty())
    idx_ =
        "!meta 0 " +
        ordered_json({{"format", "cdxj-gzip-1.0"}, {"filename", FileName(warc_format::kCompressedIndexEntry)}}).dump() +
        "\n";
  ordered_json at = {{"offset", data_.size()},
                     {"length", n},
                     {"digest", Sha256Digest(member)},
                     {"filename", FileName(warc_format::kCompressedIndexEntry)}};
  idx_ += first_key_ + " " + at.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  ROTPROOF_RETURN_IF_ERROR(data_.Append(member.data(), member.size()));
  block_.clear();
  block_count_ = 0;
  return Status::Ok();
}

}  // namespace rotproof
