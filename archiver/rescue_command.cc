// rotproof rescue: existing archives captured again from the article they
// hold, with --rescue: what was dead at capture is looked up in a web
// archive (web_archive.h), everything else fetched again.

#include <filesystem>

#include "batch_flags.h"
#include "commands.h"
#include "rotproof/fs.h"
#include "rotproof/inputs.h"
#include "rotproof/restore.h"

namespace rotproof {
namespace {

class RescueCommand : public Command {
 public:
  void Define(CLI::App& app) override {
    app.add_option("ARCHIVE", archives_,
                   "archives rotproof wrote (an article's, or a package's: every article), or a directory of them")
        ->required();
    app.add_option("-o,--output", out_dir_, "where the new archives go (a new OUTDIR)")->required();
    flags_.Define(app);
  }

  int Run() override {
    flags_.batch.archive.rescue.enabled = true;
    if (Status st = flags_.Configure(); !st.ok()) return Fail(st);
    auto archives = ExpandArchives(archives_);
    if (!archives.ok()) return Fail(archives.status());
    auto scratch = TempDir::Create(std::filesystem::temp_directory_path().string());
    if (!scratch.ok()) return Fail(scratch.status());
    std::vector<std::string> inputs;
    std::map<std::string, std::string> names;
    int rc = 0;
    for (size_t i = 0; i < archives->size(); ++i) {
      const std::string& archive = (*archives)[i];
      std::string dir = scratch->path() + "/" + std::to_string(i);
      std::filesystem::create_directories(dir);
      auto captured = ExtractOriginals(archive, dir);
      if (!captured.ok()) {
        rc = std::max(rc, Fail(captured.status()));
        continue;
      }
      // The same archive name; a package's articles each the name it was packed from.
      for (const CapturedArticle& c : *captured) {
        inputs.push_back(c.file);
        names[c.file] = captured->size() > 1 ? c.slug : std::filesystem::path(archive).stem().string();
      }
    }
    if (inputs.empty()) return rc;
    std::error_code ec;
    std::filesystem::create_directories(out_dir_, ec);
    BatchOptions& batch = flags_.batch;
    batch.archive.out_dir = out_dir_;
    batch.archive.archive_names = names;
    batch.articles_in_flight = static_cast<size_t>(std::max(2, 2 * batch.fetch.jobs));
    BatchEvents events;
    events.archived = [&](const Result<ArticleReport>& r, const JournalEntry& entry) {
      if (!r.ok()) return void(Fail(r.status()));
      std::printf("%s -> %s (%zu of %zu references archived, %zu from a web archive)\n", names[entry.input].c_str(),
                  r->archive_path.c_str(), r->archived, r->references, entry.mirror);
    };
    auto exit_code = RunBatch(inputs, batch, events);
    if (!exit_code.ok()) return std::max(2, Fail(exit_code.status()));
    return std::max(rc, *exit_code);
  }

 private:
  std::vector<std::string> archives_;
  std::string out_dir_;
  BatchFlags flags_;
};

}  // namespace

std::unique_ptr<Command> MakeRescueCommand() { return std::make_unique<RescueCommand>(); }

}  // namespace rotproof
