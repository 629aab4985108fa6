#include "archive_scan.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include "background_hasher.h"
#include "chunked.h"
#include "head_buffer.h"
#include "labelled_digest.h"
#include "rotproof/archive_file.h"
#include "rotproof/digest.h"
#include "rotproof/file_handle.h"
#include "rotproof/line_splitter.h"
#include "rotproof/text.h"
#include "rotproof/zip_reader.h"

namespace rotproof {
namespace {

// The audit reads these whole; anything larger is not a plausible one.
const std::set<std::string, std::less<>> kHeldEntries = {warc_format::kDatapackageEntry,
                                                         warc_format::kDatapackageDigestEntry};
constexpr uint64_t kMaxHeldEntry = uint64_t{256} << 20;
// The article, its rewrite and the manifest: records under this prefix.
constexpr std::string_view kHeldRecordPrefix = warc_format::kHeldUriPrefix;
constexpr uint64_t kMaxHeldRecord = warc_format::kMaxHeldRecordBytes;
constexpr uint64_t kMaxHeldRecords = warc_format::kMaxHeldRecordsBytes;
constexpr size_t kMaxHttpHead = warc_format::kMaxHttpHeadBytes;
// A warcinfo record is read whole, to learn which software wrote the WARC.
constexpr uint64_t kMaxHeldWarcinfo = 64 << 10;

// The header fields the audit reads, lowercase; the others
// (WARC-IP-Address, WARC-Concurrent-To, ...) are dropped as each record
// passes.
const std::set<std::string, std::less<>> kAuditedFields = {"warc-type",
                                                           "warc-record-id",
                                                           "warc-date",
                                                           "content-length",
                                                           "content-type",
                                                           "warc-target-uri",
                                                           "warc-block-digest",
                                                           "warc-payload-digest",
                                                           "warc-refers-to",
                                                           "warc-profile",
                                                           "warc-refers-to-date",
                                                           "warc-refers-to-target-uri",
                                                           "warc-concurrent-to",
                                                           "warc-warcinfo-id",
                                                           "warc-segment-number",
                                                           "warc-segment-origin-id",
                                                           "warc-segment-total-length"};

bool IsAuditedField(const std::string& name) { return kAuditedFields.count(AsciiLower(name)) != 0; }

// Of an HTTP head, the lines the audit checks: Transfer-Encoding and
// Content-Length.
std::string FramingLines(std::string_view head) {
  std::string kept;
  for (size_t pos = 0; pos < head.size();) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end + 1 - pos);
    if (StartsWithIgnoreCase(line, "transfer-encoding:") || StartsWithIgnoreCase(line, "content-length:")) kept += line;
    pos = end + 1;
  }
  return kept;
}

// The algorithm a digest field claims; sha256 (what the manifest and the
// index compare) when there is none or one rotproof does not compute.
DigestAlgorithm ClaimedAlgorithm(const WarcRecordView& header, std::string_view field) {
  std::optional<LabelledDigest> claimed = ParseLabelledDigest(header.Field(field));
  return claimed && claimed->algorithm ? *claimed->algorithm : DigestAlgorithm::kSha256;
}

bool IsChunked(std::string_view framing_lines) {
  for (size_t pos = 0; pos < framing_lines.size();) {
    size_t end = std::min(framing_lines.find('\n', pos), framing_lines.size());
    std::string_view line = framing_lines.substr(pos, end - pos);
    if (StartsWithIgnoreCase(line, "transfer-encoding:") && AsciiLower(line).find("chunked") != std::string::npos)
      return true;
    pos = end + 1;
  }
  return false;
}

// A block this large whose payload is hashed too gets each digest on a
// thread of its own: both then take about one hash's time, beside the read.
constexpr uint64_t kBackgroundBlockBytes = 1 << 20;

// A digest of a record's bytes, inline or on a thread of its own.
class StreamDigest {
 public:
  StreamDigest(DigestAlgorithm algorithm, bool background) {
    if (background)
      background_ = std::make_unique<BackgroundHasher>(algorithm);
    else
      inline_.emplace(algorithm);
  }
  void Update(std::string_view bytes) { background_ ? background_->Update(bytes) : inline_->Update(bytes); }
  std::string Finish() { return background_ ? background_->Finish() : inline_->Finish(); }
  DigestAlgorithm algorithm() const { return background_ ? background_->algorithm() : inline_->algorithm(); }

 private:
  std::optional<Hasher> inline_;
  std::unique_ptr<BackgroundHasher> background_;
};

// Digests each record's block and payload as the reader streams it.
class RecordDigester : public WarcRecordSink {
 public:
  RecordDigester(bool hash, ScanSink* sink) : hash_(hash), sink_(sink) {}

  // The WARC whose records come next.
  void set_warc(std::string name) { warc_ = std::move(name); }

  void OnHeader(const WarcRecordView& header) override {
    ScannedRecord& r = current_ = ScannedRecord();
    r.warc = warc_;
    r.header.offset = header.offset;
    r.header.version = header.version;
    for (const auto& field : header.fields)
      if (IsAuditedField(field.first)) r.header.fields.push_back(field);
    std::string length = header.Field("Content-Length");
    uint64_t size = std::stoull(length);  // the reader checked it is a number
    bool wanted = header.Field("WARC-Target-URI").rfind(kHeldRecordPrefix, 0) == 0 ||
                  (header.Field("WARC-Type") == "warcinfo" && size <= kMaxHeldWarcinfo);
    r.held = wanted && size <= kMaxHeldRecord && held_bytes_ + size <= kMaxHeldRecords;
    if (r.held) held_bytes_ += size;
    http_ = header.Field("Content-Type").rfind("application/http", 0) == 0;
    r.http = http_;
    http_head_.Clear();
    chunked_.reset();
    block_.reset();
    payload_.reset();
    segments_ = nullptr;
    if (hash_) FollowSegments(header);
    if (hash_) {
      DigestAlgorithm block = ClaimedAlgorithm(header, "WARC-Block-Digest");
      DigestAlgorithm payload = ClaimedAlgorithm(header, "WARC-Payload-Digest");
      bool both = http_ || payload != block;
      bool background = both && size >= kBackgroundBlockBytes;
      block_.emplace(block, background);
      if (both) payload_.emplace(payload, background);
    }
  }

  void OnBlock(std::string_view bytes) override {
    ScannedRecord& r = current_;
    if (block_) block_->Update(bytes);
    if (r.held) r.header.block.append(bytes);
    if (!http_) {
      r.payload_bytes += bytes.size();
      if (payload_) payload_->Update(bytes);
      if (segments_) segments_->payload.Update(bytes);
      return;
    }
    if (http_head_.state() == HeadBuffer::State::kIncomplete) {
      bytes.remove_prefix(http_head_.Take(bytes));
      if (http_head_.state() == HeadBuffer::State::kComplete) {
        r.http_head = FramingLines(http_head_.head());
        r.http_head_complete = true;
        std::string_view head = http_head_.head();
        r.http_first_line = std::string(head.substr(0, std::min<size_t>(head.find("\r\n"), 256)));
        r.chunked = IsChunked(r.http_head);
        if (payload_ && r.chunked) chunked_.emplace(payload_->algorithm());
      }
      r.http_head_too_long = http_head_.state() == HeadBuffer::State::kTooLong;
    }
    if (http_head_.state() != HeadBuffer::State::kComplete) return;
    r.payload_bytes += bytes.size();
    if (payload_) payload_->Update(bytes);
    if (chunked_) chunked_->Feed(bytes);
    if (segments_) segments_->payload.Update(bytes);
  }

  void OnEnd(const WarcRecordView& header, bool whole) override {
    if (!whole) return;
    ScannedRecord& r = current_;
    if (segments_ && !header.truncated && header.FieldCount("WARC-Segment-Total-Length"))
      if (auto done = assemblies_.find(header.Field("WARC-Segment-Origin-ID")); done != assemblies_.end()) {
        r.segments_digest = done->second.payload.Finish();
        r.segments_claim = done->second.claim;
        assemblies_.erase(done);
      }
    r.header.length = header.length;
    r.header.truncated = header.truncated;
    if (hash_ && !header.truncated) {
      r.block_digest = block_->Finish();
      if (!payload_) {
        r.payload_digest = r.block_digest;
      } else if (http_ && http_head_.state() == HeadBuffer::State::kIncomplete) {
        // No end of the HTTP head: as RecordPayload, the payload is empty.
        Hasher empty(payload_->algorithm());
        r.payload_digest = empty.Finish();
      } else {
        r.payload_digest = payload_->Finish();
      }
      if (chunked_) r.entity_digest = chunked_->Finish();
    }
    sink_->OnRecord(std::move(r));
  }

 private:
  // A record split into segments: its payload runs on through continuation
  // records, and the first segment's WARC-Payload-Digest covers all of it.
  struct Assembly {
    Hasher payload;
    std::string claim;
    uint64_t next = 2;  // the segment number expected next
  };
  static constexpr size_t kMaxOpenAssemblies = 1000;

  // Starts an assembly at a first segment, or finds the one a continuation
  // record goes on with, in order; the current record's payload then feeds
  // it.
  void FollowSegments(const WarcRecordView& header) {
    std::string number = header.Field("WARC-Segment-Number");
    if (number.empty()) return;
    if (number == "1" && header.Field("WARC-Type") != "continuation") {
      if (assemblies_.size() >= kMaxOpenAssemblies) return;
      std::string claim = header.Field("WARC-Payload-Digest");
      auto [it, fresh] = assemblies_.try_emplace(
          header.Field("WARC-Record-ID"), Assembly{Hasher(ClaimedAlgorithm(header, "WARC-Payload-Digest")), claim});
      if (fresh) segments_ = &it->second;
      return;
    }
    auto it = assemblies_.find(header.Field("WARC-Segment-Origin-ID"));
    if (it == assemblies_.end()) return;
    if (number != std::to_string(it->second.next)) {  // out of order: it cannot be checked
      assemblies_.erase(it);
      return;
    }
    ++it->second.next;
    segments_ = &it->second;
  }

  bool hash_;
  ScanSink* sink_;
  std::string warc_;
  std::map<std::string, Assembly> assemblies_;  // open ones, by the first segment's record id
  Assembly* segments_ = nullptr;                // the one the current record feeds
  ScannedRecord current_;
  uint64_t held_bytes_ = 0;
  bool http_ = false;
  HeadBuffer http_head_{kMaxHttpHead};  // of an application/http block
  std::optional<StreamDigest> block_, payload_;
  std::optional<ChunkedDecoder> chunked_;
};

// Hashes every zip entry, keeps the two small ones the audit reads whole,
// and streams the WARC's records and the index's and pages' lines to the
// sink.
class EntryScanner : public ZipEntrySink {
 public:
  EntryScanner(bool hash, ArchiveScan* scan, ScanSink* sink)
      : hash_(hash), scan_(scan), sink_(sink), digester_(hash, sink) {}

  void OnEntry(const std::string& name) override {
    scan_->entries.push_back({name, 0, "", ""});
    held_ = kHeldEntries.count(name) != 0;
    if (hash_) hasher_.emplace();
    if (streamed_.count(name)) return;
    if (IsWarcEntry(name)) {
      digester_.set_warc(name);
      reader_.emplace(&digester_, &warc_issues_, WarcLimits{},
                      name.ends_with(".warc") ? WarcFraming::kPlain : WarcFraming::kGzipMembers);
    }
    line_no_ = 0;
    auto emit = [this, name](std::string_view line, bool cut) { sink_->OnLine(name, ++line_no_, line, cut); };
    if (name.ends_with(".cdx.gz") && IsCdxjEntry(name)) {
      compressed_.emplace(
          kMaxLineBytes, emit, [this, name](const IndexBlock& block) { sink_->OnIndexBlock(name, block); },
          &index_issues_);
    } else if (IsCdxjEntry(name) || IsIdxEntry(name) || IsPagesEntry(name)) {
      lines_.emplace(kMaxLineBytes, emit);
    }
  }

  void OnData(std::string_view bytes) override {
    ScannedEntry& e = scan_->entries.back();
    e.size += bytes.size();
    if (hasher_) hasher_->Update(bytes);
    if (held_ && e.data.size() + bytes.size() <= kMaxHeldEntry) e.data.append(bytes);
    if (reader_) reader_->Feed(bytes);
    if (lines_) lines_->Feed(bytes);
    if (compressed_) compressed_->Feed(bytes);
  }

  void OnEntryEnd(bool whole) override {
    ScannedEntry& e = scan_->entries.back();
    if (hasher_) e.sha256 = hasher_->Finish();
    hasher_.reset();
    if (held_ && e.data.size() != e.size)
      scan_->zip_issues.push_back(
          {"E-ZIP-LIMIT", 0, "'" + e.name + "' is larger than " + std::to_string(kMaxHeldEntry) + " bytes; not read"});
    bool streaming = reader_ || lines_ || compressed_;
    if (compressed_) {
      compressed_->Finish();
      compressed_.reset();
      if (whole)
        for (ReadIssue& i : index_issues_) scan_->index_issues.emplace_back(e.name, std::move(i));
      index_issues_.clear();
    }
    if (reader_) {
      reader_->Finish();
      reader_.reset();
      if (whole) scan_->warcs.push_back({e.name, std::move(warc_issues_)});
      warc_issues_.clear();
    }
    if (lines_) {
      lines_->Finish();
      lines_.reset();
    }
    // A damaged entry counts as missing, and a later copy may stand in.
    if (streaming && whole) streamed_.insert(e.name);
    if (streaming && !whole) sink_->OnEntryDropped(e.name);
    if (!whole) scan_->entries.pop_back();
  }

 private:
  bool hash_;
  ArchiveScan* scan_;
  ScanSink* sink_;
  bool held_ = false;
  std::optional<Sha256> hasher_;
  std::vector<ReadIssue> warc_issues_;
  RecordDigester digester_;
  std::optional<WarcReader> reader_;
  std::optional<LineSplitter> lines_;
  std::optional<CompressedIndexReader> compressed_;
  uint64_t line_no_ = 0;  // of the line entry streaming
  std::vector<ReadIssue> index_issues_;
  std::set<std::string> streamed_;  // entries that streamed whole
};

}  // namespace

bool IsWarcEntry(std::string_view name) {
  return name.starts_with("archive/") && (name.ends_with(".warc.gz") || name.ends_with(".warc"));
}

bool IsCdxjEntry(std::string_view name) {
  return name.starts_with("indexes/") &&
         (name.ends_with(".cdxj") || name.ends_with(".cdx") || name.ends_with(".cdx.gz"));
}

bool IsIdxEntry(std::string_view name) { return name.starts_with("indexes/") && name.ends_with(".idx"); }

bool IsPagesEntry(std::string_view name) { return name.starts_with("pages/") && name.ends_with(".jsonl"); }

Result<ArchiveScan> ScanArchive(const std::string& path, bool hash, ScanSink* sink) {
  auto opened = OpenArchiveFile(path);
  if (!opened.ok()) return opened.status();
  FilePtr file = std::move(opened).value();
  ArchiveScan scan;
  std::string why;
  ArchiveKind kind = SniffArchiveKind(file.get(), &why);
  if (kind == ArchiveKind::kWacz) {
    file.reset();
    scan.is_wacz = true;
    EntryScanner scanner(hash, &scan, sink);
    ROTPROOF_RETURN_IF_ERROR(StreamZip(path, ZipLimits{}, &scanner, &scan.zip_issues));
    return scan;
  }
  if (kind != ArchiveKind::kWarcGz && kind != ArchiveKind::kWarc) return Status::InvalidInput(path + ": " + why);
  ScannedWarc& warc = scan.warcs.emplace_back();
  warc.name = std::filesystem::path(path).filename().string();
  RecordDigester digester(hash, sink);
  digester.set_warc(warc.name);
  WarcReader reader(&digester, &warc.issues, {},
                    kind == ArchiveKind::kWarc ? WarcFraming::kPlain : WarcFraming::kGzipMembers);
  ROTPROOF_RETURN_IF_ERROR(StreamBareWarc(file.get(), path, &reader));
  return scan;
}

}  // namespace rotproof
