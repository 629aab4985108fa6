#include "archive_scan.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include "head_buffer.h"
#include "rotproof/digest.h"
#include "rotproof/handles.h"

namespace rotproof {
namespace {

// The audit reads these whole; anything larger is not a plausible one.
const std::set<std::string> kHeldEntries = {"datapackage.json", "datapackage-digest.json",
                                            "indexes/index.cdxj", "pages/pages.jsonl"};
constexpr uint64_t kMaxHeldEntry = uint64_t{256} << 20;
// The article, its rewrite and the manifest: records under this prefix.
constexpr std::string_view kHeldRecordPrefix = warc_format::kHeldUriPrefix;
constexpr uint64_t kMaxHeldRecord = warc_format::kMaxHeldRecordBytes;
constexpr uint64_t kMaxHeldRecords = warc_format::kMaxHeldRecordsBytes;
constexpr size_t kMaxHttpHead = warc_format::kMaxHttpHeadBytes;

// The header fields the audit reads; the others (WARC-IP-Address,
// WARC-Concurrent-To, ...) are dropped as each record passes, since a
// million records are held at once.
const std::set<std::string, std::less<>> kAuditedFields = {
    "WARC-Type",          "WARC-Record-ID",  "WARC-Date",           "Content-Length",
    "Content-Type",       "WARC-Target-URI", "WARC-Block-Digest",   "WARC-Payload-Digest",
    "WARC-Refers-To",     "WARC-Profile",    "WARC-Refers-To-Date", "WARC-Refers-To-Target-URI"};

bool IsAuditedField(const std::string& name) {
  return std::any_of(kAuditedFields.begin(), kAuditedFields.end(), [&name](const std::string& f) {
    return f.size() == name.size() &&
           std::equal(f.begin(), f.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  });
}

// Of an HTTP head, the lines the audit checks: Transfer-Encoding and
// Content-Length.
std::string FramingLines(std::string_view head) {
  std::string kept;
  for (size_t pos = 0; pos < head.size();) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end + 1 - pos);
    std::string lower(line.substr(0, 18));
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.rfind("transfer-encoding:", 0) == 0 || lower.rfind("content-length:", 0) == 0) kept += line;
    pos = end + 1;
  }
  return kept;
}

// Digests each record's block and payload as the reader streams it.
class RecordDigester : public WarcRecordSink {
 public:
  RecordDigester(bool hash, std::vector<ScannedRecord>* records) : hash_(hash), records_(records) {}

  void OnHeader(const WarcRecordView& header) override {
    ScannedRecord& r = records_->emplace_back();
    r.header.offset = header.offset;
    r.header.version = header.version;
    for (const auto& field : header.fields)
      if (IsAuditedField(field.first)) r.header.fields.push_back(field);
    std::string length = header.Field("Content-Length");
    uint64_t size = std::stoull(length);  // the reader checked it is a number
    r.held = header.Field("WARC-Target-URI").rfind(kHeldRecordPrefix, 0) == 0 &&
             size <= kMaxHeldRecord && held_bytes_ + size <= kMaxHeldRecords;
    if (r.held) held_bytes_ += size;
    http_ = header.Field("Content-Type").rfind("application/http", 0) == 0;
    http_head_.Clear();
    if (hash_) {
      block_.emplace();
      if (http_) payload_.emplace();
    }
  }

  void OnBlock(std::string_view bytes) override {
    ScannedRecord& r = records_->back();
    if (block_) block_->Update(bytes);
    if (r.held) r.header.block.append(bytes);
    if (!http_) {
      r.payload_bytes += bytes.size();
      return;
    }
    if (http_head_.state() == HeadBuffer::State::kIncomplete) {
      bytes.remove_prefix(http_head_.Take(bytes));
      if (http_head_.state() == HeadBuffer::State::kComplete) r.http_head = FramingLines(http_head_.head());
      r.http_head_too_long = http_head_.state() == HeadBuffer::State::kTooLong;
    }
    if (http_head_.state() != HeadBuffer::State::kComplete) return;
    r.payload_bytes += bytes.size();
    if (payload_) payload_->Update(bytes);
  }

  void OnEnd(const WarcRecordView& header, bool whole) override {
    if (!whole) {
      records_->pop_back();
      return;
    }
    ScannedRecord& r = records_->back();
    r.header.length = header.length;
    r.header.truncated = header.truncated;
    if (!hash_ || header.truncated) return;
    r.block_digest = block_->Finish();
    if (!http_) {
      r.payload_digest = r.block_digest;
    } else if (http_head_.state() == HeadBuffer::State::kIncomplete) {
      // No end of the HTTP head: as RecordPayload, the payload is empty.
      r.payload_digest = Sha256Digest("");
    } else {
      r.payload_digest = payload_->Finish();
    }
  }

 private:
  bool hash_;
  std::vector<ScannedRecord>* records_;
  uint64_t held_bytes_ = 0;
  bool http_ = false;
  HeadBuffer http_head_{kMaxHttpHead};  // of an application/http block
  std::optional<Sha256> block_, payload_;
};

// Hashes every zip entry, keeps the small ones the audit reads, and feeds
// the WARC entry to the record reader as it streams past.
class EntryScanner : public ZipEntrySink {
 public:
  EntryScanner(bool hash, ArchiveScan* scan) : hash_(hash), scan_(scan), digester_(hash, &records_) {}

  void OnEntry(const std::string& name) override {
    scan_->entries.push_back({name, 0, "", ""});
    held_ = kHeldEntries.count(name) != 0;
    if (hash_) hasher_.emplace();
    if (name == kWarcEntry && !scan_->has_warc) reader_.emplace(&digester_, &warc_issues_);
  }

  void OnData(std::string_view bytes) override {
    ScannedEntry& e = scan_->entries.back();
    e.size += bytes.size();
    if (hasher_) hasher_->Update(bytes);
    if (held_ && e.data.size() + bytes.size() <= kMaxHeldEntry) e.data.append(bytes);
    if (reader_) reader_->Feed(bytes);
  }

  void OnEntryEnd(bool whole) override {
    ScannedEntry& e = scan_->entries.back();
    if (hasher_) e.sha256 = hasher_->Finish();
    hasher_.reset();
    if (held_ && e.data.size() != e.size)
      scan_->zip_issues.push_back({"E-ZIP-LIMIT", 0, "'" + e.name + "' is larger than " +
                                                         std::to_string(kMaxHeldEntry) + " bytes; not read"});
    if (reader_) {
      reader_->Finish();
      reader_.reset();
      // A damaged WARC entry counts as missing, as any damaged entry.
      if (whole) {
        scan_->has_warc = true;
        scan_->records = std::move(records_);
        scan_->warc_issues = std::move(warc_issues_);
      }
      records_.clear();
      warc_issues_.clear();
    }
    if (!whole) scan_->entries.pop_back();
  }

 private:
  bool hash_;
  ArchiveScan* scan_;
  bool held_ = false;
  std::optional<Sha256> hasher_;
  std::vector<ScannedRecord> records_;
  std::vector<ReadIssue> warc_issues_;
  RecordDigester digester_;
  std::optional<WarcGzReader> reader_;
};

}  // namespace

Result<ArchiveScan> ScanArchive(const std::string& path, bool hash) {
  auto opened = OpenArchiveFile(path);
  if (!opened.ok()) return opened.status();
  FilePtr file = std::move(opened).value();
  char magic[2] = {};
  size_t got = std::fread(magic, 1, 2, file.get());
  ArchiveScan scan;
  if (got == 2 && magic[0] == 'P' && magic[1] == 'K') {
    file.reset();
    scan.is_wacz = true;
    EntryScanner scanner(hash, &scan);
    ROTPROOF_RETURN_IF_ERROR(StreamZip(path, ZipLimits{}, &scanner, &scan.zip_issues));
    return scan;
  }
  if (got != 2 || magic[0] != '\x1f' || magic[1] != '\x8b')
    return Status::InvalidInput(path + ": not a zip file: neither a WACZ nor a .warc.gz");
  scan.has_warc = true;
  scan.warc_name = std::filesystem::path(path).filename().string();
  RecordDigester digester(hash, &scan.records);
  WarcGzReader reader(&digester, &scan.warc_issues);
  reader.Feed({magic, 2});
  std::unique_ptr<char[]> buf(new char[1 << 20]);
  size_t n;
  while ((n = std::fread(buf.get(), 1, 1 << 20, file.get())) > 0 && reader.Feed({buf.get(), n})) {
  }
  if (std::ferror(file.get())) return Status::IoError(path + ": read failed");
  reader.Finish();
  return scan;
}

}  // namespace rotproof
