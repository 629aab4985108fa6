#pragma once
// Shared set-up of the integration tests: a real loopback origin, and the
// real binaries run against it through --connect-to.

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fake_origin.h"
#include "rotproof/warc_reader.h"
#include "rotproof/zip_reader.h"
#include "run.h"

namespace rotproof::testing {

// Runs `rotproof archive` on `posts`. Options in `extra` come first, so a
// more specific --connect-to there wins over the catch-all to `origin`;
// retries are off unless `extra` sets them.
inline RunResult ArchiveWith(const FakeOrigin& origin, const std::vector<std::string>& posts,
                             const std::string& out_dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {Bin("rotproof"), "archive", "-o", out_dir};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.insert(argv.end(), {"--connect-to", origin.ConnectTo()});
  if (std::find(extra.begin(), extra.end(), "--retries") == extra.end()) argv.insert(argv.end(), {"--retries", "0"});
  argv.insert(argv.end(), posts.begin(), posts.end());
  return RunProgram(argv);
}

inline RunResult Verify(const std::string& archive, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {Bin("rotproof-verify"), archive};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return RunProgram(argv);
}

// The WARC records inside a .wacz.
inline std::vector<WarcRecordView> RecordsOf(const std::string& wacz) {
  auto zip = ReadZip(wacz);
  if (!zip.ok()) return {};
  std::vector<ReadIssue> issues;
  for (const ZipEntry& e : zip->entries)
    if (e.name == "archive/data.warc.gz") return ReadWarcGz(e.data, &issues);
  return {};
}

// The manifest stored in a .wacz.
inline nlohmann::json ManifestOf(const std::string& wacz) {
  for (const WarcRecordView& r : RecordsOf(wacz))
    if (r.Field("WARC-Type") == "metadata") return nlohmann::json::parse(r.block);
  return {};
}

}  // namespace rotproof::testing
