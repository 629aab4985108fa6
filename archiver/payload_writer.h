#pragma once
// Restore's writer of record payloads to files, as the archive streams past.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rotproof/content_coding.h"
#include "rotproof/digest.h"
#include "rotproof/file_handle.h"
#include "rotproof/rewrite.h"
#include "rotproof/warc_reader.h"

namespace rotproof {

// Stylesheets are spliced in memory; no real one comes near this.
constexpr uint64_t kMaxStylesheetBytes = uint64_t{16} << 20;

// One file to write from a record's payload.
struct PayloadTarget {
  std::string label;            // the manifest's local path, for messages
  std::filesystem::path file;   // in the staging directory
  std::string expected_digest;  // of the stored payload; "" to skip the check
  std::vector<Splice> css;      // url() splices, for a stylesheet
  std::string problem;          // why it was not restored, once known
};

// Writes the payloads of the wanted records (by WARC-Record-ID) as they
// stream past: the HTTP head skipped, the stored bytes hashed and compared
// with the expected digest, the Content-Encoding undone within `limits`,
// the result written (or, for a stylesheet, spliced first). Nothing is held
// whole but stylesheets. A target that fails gets its problem and no file.
class PayloadWriter final : public WarcRecordSink {
 public:
  PayloadWriter(std::multimap<std::string, PayloadTarget*> wanted, const DecodeLimits& limits)
      : wanted_(std::move(wanted)), limits_(limits) {}

  void OnHeader(const WarcRecordView& r) override;
  void OnBlock(std::string_view bytes) override;
  void OnEnd(const WarcRecordView&, bool whole) override;

 private:
  struct Open {
    PayloadTarget* target;
    FilePtr file;
    std::string css;  // a stylesheet's decoded bytes, spliced at the end
  };

  void StartPayload(const std::string& coding);
  DecodedSink Writer();
  void Close(Open& o);
  void Fail(const std::string& why);

  std::multimap<std::string, PayloadTarget*> wanted_;
  DecodeLimits limits_;
  std::vector<Open> current_;
  bool http_ = false;
  std::string head_;
  Sha256 hash_;
  std::optional<ContentDecoder> decoder_;
};

}  // namespace rotproof
