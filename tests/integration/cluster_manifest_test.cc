// docs/cluster/k8s-indexed-job.yaml as Kubernetes' Job controller runs it,
// without a cluster (there is none here): the manifest's container command
// once per completion index, each with the environment an Indexed Job gives
// its pod (JOB_COMPLETION_INDEX, from 0) and the manifest's own env. It
// proves the manifest and the entrypoint agree (shard count, index base,
// command path); scheduling is proven under a real engine by SlurmTest.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>

#include "archive_env.h"

namespace rotproof {
namespace {

using namespace rotproof::testing;
namespace fs = std::filesystem;

std::vector<std::string> ArchivesUnder(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".wacz") names.push_back(e.path().filename().string());
  return names;
}

TEST(ClusterManifestTest, IndexedJobArchivesTheBatchOnceAcrossItsIndexes) {
  const std::string docs = std::string(ROTPROOF_DOCS_DIR) + "/cluster/";
  YAML::Node job = YAML::LoadFile(docs + "k8s-indexed-job.yaml");
  ASSERT_EQ(job["kind"].as<std::string>(), "Job");
  ASSERT_EQ(job["spec"]["completionMode"].as<std::string>(), "Indexed");
  const int completions = job["spec"]["completions"].as<int>();
  const YAML::Node container = job["spec"]["template"]["spec"]["containers"][0];
  std::vector<std::string> command = container["command"].as<std::vector<std::string>>();
  std::map<std::string, std::string> env;
  for (const YAML::Node& e : container["env"]) env[e["name"].as<std::string>()] = e["value"].as<std::string>();
  EXPECT_EQ(env["SHARDS"], std::to_string(completions));
  // The image runs the entrypoint where the .deb installs it (cmake/install.cmake).
  const std::string installed = "/usr/share/rotproof/cluster/";
  ASSERT_EQ(command.at(0).rfind(installed, 0), 0u) << command[0];
  const std::string entrypoint = docs + command[0].substr(installed.size());
  ASSERT_TRUE(fs::exists(entrypoint)) << entrypoint;

  FakeOrigin origin;
  std::string dir = FreshDir("k8s-indexed-job");
  fs::create_directories(dir + "/posts");
  for (const auto& e : fs::directory_iterator(Fixture("posts")))  // the corpus, not the broken fixtures
    if (std::isdigit(static_cast<unsigned char>(e.path().filename().string()[0])))
      fs::copy_file(e.path(), dir + "/posts/" + e.path().filename().string());
  // The manifest's volume paths (/data/...) become the scratch directory's.
  for (int index = 0; index < completions; ++index) {
    RunResult pod = RunProgram({entrypoint, dir + "/posts", "--", "--connect-to", origin.ConnectTo(), "--quiet"},
                               {"JOB_COMPLETION_INDEX=" + std::to_string(index), "SHARDS=" + env["SHARDS"],
                                "OUT=" + dir + "/out", "ROTPROOF=" + Bin("rotproof")});
    EXPECT_EQ(pod.exit_code, 0) << "index " << index << ": " << pod.err;
  }
  RunResult whole = RunProgram({Bin("rotproof"), "archive", dir + "/posts", "-o", dir + "/whole", "--connect-to",
                                origin.ConnectTo(), "--quiet"});
  ASSERT_LE(whole.exit_code, 1) << whole.err;

  std::vector<std::string> sharded = ArchivesUnder(dir + "/out");
  std::vector<std::string> unsharded = ArchivesUnder(dir + "/whole");
  EXPECT_EQ(std::set<std::string>(sharded.begin(), sharded.end()).size(), sharded.size());  // none in two shards
  EXPECT_EQ(std::set<std::string>(sharded.begin(), sharded.end()),
            std::set<std::string>(unsharded.begin(), unsharded.end()));
  EXPECT_EQ(unsharded.size(), 15u);
  size_t shard_dirs = 0;
  for (const auto& e : fs::directory_iterator(dir + "/out"))
    shard_dirs += e.path().filename().string().starts_with("shard-");
  EXPECT_EQ(shard_dirs, static_cast<size_t>(completions));
}

}  // namespace
}  // namespace rotproof
