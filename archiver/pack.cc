#include "rotproof/pack.h"

#include <time.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "pack_ledger.h"
#include "records.h"
#include "rotproof/archive_file.h"
#include "rotproof/cdxj.h"
#include "rotproof/file_handle.h"
#include "rotproof/fs.h"
#include "rotproof/line_splitter.h"
#include "rotproof/text.h"
#include "rotproof/verify.h"
#include "rotproof/wacz.h"
#include "rotproof/warc.h"
#include "rotproof/warc_format.h"
#include "rotproof/zip_reader.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A record's block past this spills into a file on its way through.
constexpr size_t kBlockInMemory = 1 << 20;
constexpr size_t kWarcInMemory = 4 << 20;
constexpr std::string_view kIdenticalPayloadProfile = "/revisit/identical-payload-digest";

// What an article archive says of itself besides its records.
struct ArchiveFacts {
  WaczPage page;
  std::map<uint64_t, CdxjEntry> index;  // by the record's offset
  uint64_t warc_bytes = 0;
};

// `j[key]` when it is a string, else "": a hostile archive's JSON may hold
// anything where a string belongs.
std::string StringAt(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Reads pages.jsonl and index.cdxj line by line as they stream past, and
// measures the WARC.
class FactsReader : public ZipEntrySink {
 public:
  void OnEntry(const std::string& name) override {
    if (name == warc_format::kPagesEntry) lines_.emplace(kMaxLine, [this](std::string_view l, bool) { OnPage(l); });
    if (name == warc_format::kCdxjEntry) lines_.emplace(kMaxLine, [this](std::string_view l, bool) { OnIndex(l); });
    in_warc_ = name == warc_format::kWarcEntry;
  }
  void OnData(std::string_view bytes) override {
    if (in_warc_) facts.warc_bytes += bytes.size();
    if (lines_) lines_->Feed(bytes);
  }
  void OnEntryEnd(bool) override {
    if (lines_) lines_->Finish();
    lines_.reset();
    in_warc_ = false;
  }

  ArchiveFacts facts;
  size_t pages = 0;

 private:
  static constexpr size_t kMaxLine = 1 << 20;

  void OnPage(std::string_view line) {
    json j = json::parse(line, nullptr, false);
    if (!j.is_object() || j.contains("format") || !j["url"].is_string()) return;
    if (pages++ == 0)
      facts.page = {"", StringAt(j, "url"), StringAt(j, "title"), StringAt(j, "ts"), StringAt(j, "date")};
  }
  void OnIndex(std::string_view line) {
    std::optional<CdxjLine> c = ParseCdxjLine(line);
    if (!c) return;
    int status = c->status > 0 && c->status < 1000 ? static_cast<int>(c->status) : 200;
    facts.index.emplace(c->offset,
                        CdxjEntry{c->url, c->timestamp.substr(0, 14), c->mime, status, c->digest, c->offset, 0});
  }

  std::optional<LineSplitter> lines_;
  bool in_warc_ = false;
};

// The facts of the article archive at `path`, or why it cannot be packed.
Result<ArchiveFacts> ReadFacts(const std::string& path) {
  FactsReader reader;
  std::vector<ReadIssue> issues;
  ROTPROOF_RETURN_IF_ERROR(StreamZip(path, ZipLimits{}, &reader, &issues));
  if (reader.pages != 1)
    return Status::InvalidInput("holds " + std::to_string(reader.pages) +
                                " pages: a package or another tool's archive, not one article's");
  ArchiveFacts& facts = reader.facts;
  facts.page.id = fs::path(path).stem().string();
  if (facts.index.empty()) return Status::InvalidInput("no " + std::string(warc_format::kCdxjEntry));
  return std::move(facts);
}

bool SameName(std::string_view a, std::string_view b) { return a.size() == b.size() && StartsWithIgnoreCase(a, b); }

bool IsWrittenByWriter(const std::string& name) {
  for (const char* own : {"WARC-Type", "WARC-Record-ID", "WARC-Date", "WARC-Block-Digest", "WARC-Payload-Digest",
                          "Content-Type", "Content-Length"})
    if (SameName(name, own)) return true;
  return false;
}

bool IsRevisitField(const std::string& name) {
  for (const char* field :
       {"WARC-Profile", "WARC-Refers-To", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Truncated"})
    if (SameName(name, field)) return true;
  return false;
}

// Copies the records of one archive into the package as they stream past,
// a block over kBlockInMemory through a spill file. A response whose
// payload the package already stores becomes a revisit of that record
// (keeping its id, which its article's manifest and request name); a
// revisit is pointed at the record that stores its payload.
class RecordCopier : public WarcRecordSink {
 public:
  RecordCopier(WarcWriter* out, PackLedger* ledger, const ArchiveFacts* facts, std::string spill_path,
               PackReport* report)
      : out_(out), ledger_(ledger), facts_(facts), spill_path_(std::move(spill_path)), report_(report) {}

  void OnHeader(const WarcRecordView& record) override {
    header_ = record;
    block_.clear();
    spilled_ = 0;
  }

  void OnBlock(std::string_view bytes) override {
    if (!status_.ok()) return;
    if (spilled_ == 0 && block_.size() + bytes.size() <= kBlockInMemory) {
      block_.append(bytes);
      return;
    }
    if (spilled_ == 0) spill_.reset(std::fopen(spill_path_.c_str(), "wb"));
    if (!spill_ || std::fwrite(bytes.data(), 1, bytes.size(), spill_.get()) != bytes.size())
      status_ = Status::IoError(spill_path_ + ": cannot write");
    spilled_ += bytes.size();
  }

  void OnEnd(const WarcRecordView& record, bool whole) override {
    if (spill_ && std::fclose(spill_.release()) != 0) status_ = Status::IoError(spill_path_ + ": cannot write");
    if (!status_.ok()) return;
    if (!whole || record.truncated) {
      status_ = Status::Corruption("the record at offset " + std::to_string(record.offset) + " broke off");
      return;
    }
    status_ = Copy(record.offset);
  }

  const Status& status() const { return status_; }
  uint64_t held_bytes() const { return held_bytes_; }

 private:
  std::string Field(std::string_view name) const { return header_.Field(name); }

  Status Copy(uint64_t offset) {
    const std::string type = Field("WARC-Type"), id = Field("WARC-Record-ID"), uri = Field("WARC-Target-URI");
    if (!id.empty() && !ledger_->AddRecordId(id))
      return Status::InvalidInput("record " + id + " is in the package already (the same article twice?)");
    WarcRecord r{type, id, Field("WARC-Date"), Field("Content-Type"), {}, "", "", Field("WARC-Payload-Digest"), false};
    for (const auto& field : header_.fields)
      if (!IsWrittenByWriter(field.first)) r.fields.push_back(field);
    auto indexed = facts_->index.find(offset);
    // Only a response or a revisit can name a payload stored before.
    std::optional<StoredPayload> holder;
    if (!r.payload_digest.empty() && (type == "response" || type == "revisit"))
      holder = ledger_->Holder(r.payload_digest);
    const uint64_t block_bytes = block_.size() + spilled_;
    const size_t head_end = holder && type == "response" ? block_.find("\r\n\r\n") : std::string::npos;
    bool revisit = false;
    if (head_end != std::string::npos && block_bytes > head_end + 4) {
      std::erase_if(r.fields, [](const auto& f) { return IsRevisitField(f.first); });
      MakeRevisit(&r, *holder, r.payload_digest, block_.substr(0, head_end + 4));
      ++report_->revisits;
      report_->payload_bytes_saved += block_bytes - r.block.size();
      revisit = true;
    } else {
      if (holder && type == "revisit" && Field("WARC-Profile").ends_with(kIdenticalPayloadProfile)) {
        std::erase_if(r.fields, [](const auto& f) { return IsRevisitField(f.first); });
        MakeRevisit(&r, *holder, r.payload_digest, "");
      }
      r.block = std::move(block_);
      if (spilled_ > 0) r.block_file = spill_path_;
      r.precompressed = indexed != facts_->index.end() && IsPrecompressedType(indexed->second.mime);
    }
    if (uri.starts_with(warc_format::kHeldUriPrefix)) held_bytes_ += block_bytes;
    auto at = out_->Write(r);
    if (!at.ok()) return at.status();
    ++report_->records;
    if (type == "response" && !holder && !r.payload_digest.empty())
      ledger_->AddHolder(r.payload_digest, {id, uri, r.date});
    if (indexed != facts_->index.end()) {
      CdxjEntry e = indexed->second;
      e.offset = at->offset;
      e.length = at->length;
      if (revisit) e.mime = "warc/revisit";
      ledger_->AddLine(IndexLineOf(e));
    }
    return ledger_->status();
  }

  WarcWriter* out_;
  PackLedger* ledger_;
  const ArchiveFacts* facts_;
  std::string spill_path_;
  PackReport* report_;
  WarcRecordView header_;  // of the record streaming past
  std::string block_;
  uint64_t spilled_ = 0;
  FilePtr spill_;
  uint64_t held_bytes_ = 0;
  Status status_;
};

// Unix time of a W3C-DTF "YYYY-MM-DDThh:mm:ssZ"; 0 when it is not one.
int64_t UnixTimeOf(const std::string& w3c) {
  std::tm tm{};
  const char* end = strptime(w3c.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return end != nullptr && *end == '\0' ? static_cast<int64_t>(timegm(&tm)) : 0;
}

class Packer {
 public:
  Packer(const PackOptions& options, SpillBuffer* warc, WarcWriter* writer, PackLedger* ledger, std::string spill)
      : options_(options), warc_(warc), writer_(writer), ledger_(ledger), spill_(std::move(spill)) {}

  // Adds the article archive at `path`, whole, or says why not.
  Status Add(const std::string& path) {
    VerifyReport verdict = VerifyArchive(path, VerifyOptions{});
    if (verdict.unreadable) return Status::InvalidInput(verdict.findings.front().message);
    for (const Finding& f : verdict.findings)
      if (f.severity == Severity::kError) return Status::Corruption("fails verification: " + f.code + " " + f.message);
    if (!verdict.rotproof_profile) return Status::InvalidInput("not an article archive written by rotproof");
    auto facts = ReadFacts(path);
    if (!facts.ok()) return facts.status();
    if (auto [other, fresh] = packed_.emplace(facts->page.url, path); !fresh)
      return Status::InvalidInput("the same article as " + other->second + " (" + other->first + "); packed once");
    const uint64_t start = warc_->size();
    const PackReport before = report_;
    ROTPROOF_RETURN_IF_ERROR(ledger_->Begin());
    RecordCopier copier(writer_, ledger_, &*facts, spill_, &report_);
    std::vector<ReadIssue> issues;
    Status read = StreamWarcRecords(path, &copier, &issues);
    Status st = !read.ok() ? read : copier.status();
    if (st.ok() && held_bytes_ + copier.held_bytes() > warc_format::kMaxHeldRecordsBytes)
      st = Status::InvalidInput("the package's article records would pass the verifier's limit of " +
                                std::to_string(warc_format::kMaxHeldRecordsBytes >> 20) +
                                " MiB: pack the blog in parts");
    if (!st.ok()) {
      ROTPROOF_RETURN_IF_ERROR(ledger_->Rollback());
      ROTPROOF_RETURN_IF_ERROR(writer_->Rewind(start));
      report_ = before;
      packed_.erase(facts->page.url);
      return st;
    }
    ROTPROOF_RETURN_IF_ERROR(ledger_->Commit());
    held_bytes_ += copier.held_bytes();
    ++report_.articles;
    report_.warc_bytes_before += facts->warc_bytes;
    pages_.push_back(std::move(facts->page));
    return ledger_->status();
  }

  // Writes the package. REQUIRES: some archive was added.
  Result<PackReport> Finish() {
    CdxjIndex index(fs::path(spill_).parent_path().string(), options_.index_block_lines);
    ROTPROOF_RETURN_IF_ERROR(ledger_->ForEachLineSorted([&](std::string_view line) { return index.Add(line); }));
    ROTPROOF_RETURN_IF_ERROR(index.Finish());
    std::string newest;
    for (const WaczPage& p : pages_) newest = std::max(newest, p.ts);
    WaczContents wacz;
    wacz.warc = warc_;
    wacz.index = &index;
    wacz.title = options_.title.empty() ? std::to_string(pages_.size()) + " articles" : options_.title;
    wacz.pages = pages_;
    wacz.created = newest;  // the same archives make the same package
    wacz.mtime = UnixTimeOf(newest);
    wacz.sign_key_path = options_.sign_key_path;
    auto pending = PendingFile::Create(options_.out_path);
    if (!pending.ok()) return pending.status();
    ROTPROOF_RETURN_IF_ERROR(WriteWacz(wacz, pending->fd(), options_.out_path));
    ROTPROOF_RETURN_IF_ERROR(pending->Commit());
    report_.warc_bytes_after = warc_->size();
    report_.compressed_index = index.compressed();
    std::error_code ec;
    report_.package_bytes = fs::file_size(options_.out_path, ec);
    return report_;
  }

  PackReport& report() { return report_; }

 private:
  const PackOptions& options_;
  SpillBuffer* warc_;
  WarcWriter* writer_;
  PackLedger* ledger_;
  std::string spill_;
  PackReport report_;
  std::vector<WaczPage> pages_;
  std::map<std::string, std::string> packed_;  // page URL → its archive
  uint64_t held_bytes_ = 0;
};

}  // namespace

Result<PackReport> PackArchives(const std::vector<std::string>& archives, const PackOptions& options) {
  std::string dir = fs::path(options.out_path).parent_path().string();
  if (dir.empty()) dir = ".";
  auto scratch = TempDir::Create(dir);
  if (!scratch.ok()) return scratch.status();
  SpillBuffer warc(scratch->path(), kWarcInMemory);
  auto writer = WarcWriter::Create(&warc);
  if (!writer.ok()) return writer.status();
  auto ledger = PackLedger::Create();
  if (!ledger.ok()) return ledger.status();
  Packer packer(options, &warc, &*writer, &*ledger, scratch->path() + "/block");
  for (const std::string& path : archives) {
    Status st = packer.Add(path);
    if (st.code() == Status::Code::kIoError) return Status::IoError(path + ": " + st.message());
    if (!st.ok()) packer.report().skipped.push_back(path + ": " + st.message());
  }
  if (packer.report().articles == 0)
    return Status::InvalidInput("no archive could be packed" + (packer.report().skipped.empty()
                                                                    ? std::string()
                                                                    : " (" + packer.report().skipped.front() + ")"));
  return packer.Finish();
}

}  // namespace rotproof
