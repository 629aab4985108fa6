// pack: many article archives into one WACZ for a whole blog.

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "rotproof/pack.h"
#include "rotproof/restore.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

class PackCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("ARCHIVE", inputs_, "article archives (.wacz), or OUTDIRs of rotproof archive holding them")
        ->required();
    app.add_option("-o,--output", options_.out_path, "the package to write, e.g. blog.wacz")->required();
    app.add_option("--title", options_.title, "the package's title (default: \"<n> articles\")");
    app.add_option("--sign-key", options_.sign_key_path, "sign the package with this P-384 key (rotproof keygen)");
    app.add_option("--index-block-lines", options_.index_block_lines,
                   "index lines per compressed block; an index longer than one block is compressed")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_flag("--json", json_, "print the figures as JSON");
  }

  // Exit 0: every archive packed; 1: some skipped (each named); 2: none.
  int Run() override {
    auto archives = ExpandArchives(inputs_);
    if (!archives.ok()) return Fail(archives.status());
    // A package written into one of the OUTDIRs is not one of its inputs.
    std::error_code ec;
    std::erase_if(*archives, [&](const std::string& a) { return fs::equivalent(a, options_.out_path, ec); });
    auto report = PackArchives(*archives, options_);
    if (!report.ok()) return Fail(report.status());
    for (const std::string& s : report->skipped) std::fprintf(stderr, "rotproof: skipped %s\n", s.c_str());
    if (json_) {
      nlohmann::json j = {{"package", options_.out_path},
                          {"articles", report->articles},
                          {"skipped", report->skipped},
                          {"records", report->records},
                          {"revisits", report->revisits},
                          {"payload_bytes_saved", report->payload_bytes_saved},
                          {"warc_bytes_before", report->warc_bytes_before},
                          {"warc_bytes_after", report->warc_bytes_after},
                          {"package_bytes", report->package_bytes},
                          {"compressed_index", report->compressed_index}};
      std::printf("%s\n", j.dump(2).c_str());
    } else {
      std::printf(
          "packed %zu articles into %s (%llu bytes): WARC %llu bytes before, %llu after; %zu payloads "
          "stored once, %llu bytes not stored again%s\n",
          report->articles, options_.out_path.c_str(), static_cast<unsigned long long>(report->package_bytes),
          static_cast<unsigned long long>(report->warc_bytes_before),
          static_cast<unsigned long long>(report->warc_bytes_after), report->revisits,
          static_cast<unsigned long long>(report->payload_bytes_saved),
          report->compressed_index ? "; compressed index" : "");
    }
    return report->skipped.empty() ? 0 : 1;
  }

 private:
  std::vector<std::string> inputs_;
  PackOptions options_;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> MakePackCommand() { return std::make_unique<PackCommand>(); }

}  // namespace rotproof
