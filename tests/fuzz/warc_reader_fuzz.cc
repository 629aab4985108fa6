// libFuzzer: the verifier's WARC reader on arbitrary bytes, as a .warc.gz
// and as a plain .warc (the first byte's low bit picks), read at once and in
// pieces; both reads must report the same records and issues.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "rotproof/warc_reader.h"

namespace {

class CountRecords : public rotproof::WarcRecordSink {
 public:
  size_t whole = 0;
  void OnHeader(const rotproof::WarcRecordView&) override {}
  void OnBlock(std::string_view) override {}
  void OnEnd(const rotproof::WarcRecordView&, bool ended_whole) override { whole += ended_whole; }
};

bool SameIssues(const std::vector<rotproof::ReadIssue>& a, const std::vector<rotproof::ReadIssue>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].code != b[i].code || a[i].offset != b[i].offset) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view gz(reinterpret_cast<const char*>(data), size);
  std::vector<rotproof::ReadIssue> issues;
  rotproof::WarcLimits limits;
  limits.max_record_bytes = 64 << 20;  // keep each run's memory small
  auto framing = size > 0 && (data[0] & 1) ? rotproof::WarcFraming::kPlain : rotproof::WarcFraming::kGzipMembers;
  auto records = rotproof::ReadWarcGz(gz, &issues, limits, framing);
  for (const auto& r : records) {
    std::string_view head;
    (void)rotproof::RecordPayload(r, &head);
  }

  size_t piece = size == 0 ? 1 : data[size - 1] % 97 + 1;
  std::vector<rotproof::ReadIssue> piece_issues;
  CountRecords count;
  rotproof::WarcReader reader(&count, &piece_issues, limits, framing);
  for (size_t at = 0; at < gz.size(); at += piece)
    if (!reader.Feed(gz.substr(at, piece))) break;
  reader.Finish();
  if (count.whole != records.size() || !SameIssues(issues, piece_issues)) std::abort();
  return 0;
}
