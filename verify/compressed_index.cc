#include "compressed_index.h"

#include <zlib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "labelled_digest.h"
#include "rotproof/json_number.h"
#include "rotproof/line_splitter.h"
#include "rotproof/warc_format.h"

namespace rotproof {

struct CompressedIndexReader::State {
  State(size_t max_line, LineFn line_fn, BlockFn block_fn, std::vector<ReadIssue>* i)
      : on_line(std::move(line_fn)),
        on_block(std::move(block_fn)),
        issues(i),
        lines(max_line, [this](std::string_view line, bool cut) { EmitLine(line, cut); }) {
    if (inflateInit2(&z, 15 + 16) != Z_OK) std::abort();  // allocation failure: bug-level
  }
  ~State() { inflateEnd(&z); }

  LineFn on_line;
  BlockFn on_block;
  std::vector<ReadIssue>* issues;
  z_stream z{};
  bool stopped = false;
  bool in_member = false;
  uint64_t consumed = 0;
  uint64_t member_out = 0;
  IndexBlock block;
  std::optional<Sha256> hash;
  bool first_line = true;
  LineSplitter lines;

  void EmitLine(std::string_view line, bool cut) {
    if (first_line) {
      block.first_key = std::string(line.substr(0, line.find(" {")));
      first_line = false;
    }
    on_line(line, cut);
  }

  void Stop(const std::string& why) {
    issues->push_back({"E-INDEX-GZIP", block.offset, why});
    stopped = true;
  }

  void Feed(std::string_view bytes) {
    while (!bytes.empty() && !stopped) {
      if (!in_member) {
        in_member = true;
        member_out = 0;
        block = IndexBlock{};
        block.offset = consumed;
        hash.emplace();
        first_line = true;
      }
      unsigned char out[1 << 16];
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
      z.avail_in = static_cast<uInt>(std::min<size_t>(bytes.size(), 1u << 30));
      z.next_out = out;
      z.avail_out = sizeof out;
      uInt before = z.avail_in;
      int rc = inflate(&z, Z_NO_FLUSH);
      size_t used = before - z.avail_in;
      hash->Update(bytes.substr(0, used));
      consumed += used;
      bytes.remove_prefix(used);
      size_t produced = sizeof out - z.avail_out;
      member_out += produced;
      if (member_out > warc_format::kRatioCheckedPast &&
          member_out / std::max<uint64_t>(consumed - block.offset, 1) > warc_format::kMaxInflateRatio)
        return Stop("compressed index member inflates past 1000:1: a gzip bomb; the rest is not read");
      lines.Feed({reinterpret_cast<char*>(out), produced});
      if (rc == Z_STREAM_END) {
        lines.Finish();  // a member ends at a line's end
        block.length = consumed - block.offset;
        block.sha256 = hash->Finish();
        on_block(block);
        inflateReset(&z);
        in_member = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Stop(std::string("compressed index: gzip data error: ") + (z.msg ? z.msg : "corrupt"));
      } else if (used == 0 && produced == 0) {
        return Stop("compressed index: gzip data does not advance");
      }
    }
  }
};

CompressedIndexReader::CompressedIndexReader(size_t max_line, LineFn on_line, BlockFn on_block,
                                             std::vector<ReadIssue>* issues)
    : state_(std::make_unique<State>(max_line, std::move(on_line), std::move(on_block), issues)) {}

CompressedIndexReader::~CompressedIndexReader() = default;

void CompressedIndexReader::Feed(std::string_view bytes) { state_->Feed(bytes); }

void CompressedIndexReader::Finish() {
  if (state_->in_member && !state_->stopped) state_->Stop("compressed index: gzip member is truncated");
}

std::optional<IdxLine> ParseIdxLine(std::string_view text) {
  size_t json_at = text.find(" {");
  if (json_at == std::string_view::npos || json_at == 0) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(text.substr(json_at + 1), nullptr, false);
  if (!j.is_object()) return std::nullopt;
  IdxLine line;
  line.key = std::string(text.substr(0, json_at));
  line.meta = text.starts_with("!meta");
  auto number = [&j](const char* name) -> std::optional<uint64_t> {
    if (!j.contains(name)) return std::nullopt;
    return UnsignedOrDigitsOf(j[name]);
  };
  if (j.contains("filename") && j["filename"].is_string()) line.filename = j["filename"].get<std::string>();
  if (j.contains("digest") && j["digest"].is_string()) line.digest = j["digest"].get<std::string>();
  if (line.meta) return line;
  auto offset = number("offset"), length = number("length");
  if (!offset || !length) return std::nullopt;
  line.offset = *offset;
  line.length = *length;
  return line;
}

void AuditCompressedIndexes(
    const std::map<std::string, std::map<uint64_t, IndexBlock>>& blocks,
    const std::map<std::string, std::vector<std::pair<uint64_t, std::optional<IdxLine>>>>& idx_lines,
    std::vector<Finding>* findings) {
  auto error = [findings](const std::string& code, const std::string& where, const std::string& msg) {
    findings->push_back({code, Severity::kError, where, msg});
  };
  std::set<std::string> located;
  for (const auto& [entry, lines] : idx_lines) {
    std::string target;
    for (const auto& [line_no, line] : lines) {
      std::string where = entry + ":" + std::to_string(line_no);
      if (!line) {
        error("E-INDEX-BLOCK", where, "not '<key> <timestamp> <json with offset and length>'");
        continue;
      }
      if (!line->filename.empty()) target = "indexes/" + line->filename;
      if (target.empty() && blocks.size() == 1) target = blocks.begin()->first;
      if (line->meta) continue;
      const IndexBlock* found = nullptr;
      if (auto b = blocks.find(target); b != blocks.end())
        if (auto at = b->second.find(line->offset); at != b->second.end() && at->second.length == line->length)
          found = &at->second;
      if (found == nullptr) {
        error("E-INDEX-BLOCK", where,
              "offset " + std::to_string(line->offset) + " length " + std::to_string(line->length) +
                  " is not a gzip member of " + (target.empty() ? "a compressed index" : target));
        continue;
      }
      located.insert(target);
      if (found->first_key != line->key)
        error("E-INDEX-BLOCK", where, "key '" + line->key + "' is not its member's first ('" + found->first_key + "')");
      if (!line->digest.empty() && !SameDigest(line->digest, found->sha256))
        error("E-INDEX-BLOCK", where, "digest does not match its member's bytes");
    }
  }
  for (const auto& [entry, blocks] : blocks)
    if (!located.count(entry)) error("E-INDEX-BLOCK", entry, "no .idx locates its gzip members");
}

}  // namespace rotproof
