#include "rotproof/inputs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "rotproof/article.h"
#include "rotproof/digest.h"
#include "rotproof/journal.h"
#include "rotproof/site.h"
#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

bool IsArticleFile(const fs::path& p) {
  std::string ext = AsciiLower(p.extension().string());
  return ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm";
}

}  // namespace

Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& args,
                                              const std::vector<std::string>& url_lists,
                                              std::vector<std::string>* skipped) {
  std::vector<std::string> out;
  for (const std::string& a : args) {
    std::error_code ec;
    if (!IsLiveUrl(a) && fs::is_directory(a, ec)) {
      std::vector<std::string> found;
      if (IsBatchOutputDir(a)) continue;  // an earlier run's OUTDIR: its reports are no articles
      fs::path root = fs::canonical(a, ec);
      // A blog's source tree: only the folder its engine builds pages from.
      std::optional<Site> site = SiteRootedAt(a, "");
      fs::path walk = site ? fs::path(ContentDir(*site)) : fs::path(a);
      // Directory links are not followed (the iterator's default); a file
      // link is followed only while it stays inside the tree, so a post
      // linked to /etc/passwd never reaches an archive.
      for (auto it = fs::recursive_directory_iterator(walk, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory(ec) &&
            (IsToolDirectory(it->path().filename().string()) || IsBatchOutputDir(it->path().string()))) {
          it.disable_recursion_pending();
          continue;
        }
        if (!IsArticleFile(it->path()) || !it->is_regular_file(ec)) continue;
        if (it->is_symlink(ec)) {
          fs::path target = fs::canonical(it->path(), ec);
          auto [end, rest] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
          if (ec || end != root.end()) {
            skipped->push_back(it->path().string() + ": skipped: a symbolic link to " + target.string() + ", outside " +
                               a);
            continue;
          }
        }
        found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(a);
    }
  }
  for (const std::string& list : url_lists) {
    std::ifstream file;
    if (list != "-") {
      file.open(list);
      if (!file) return Status::NotFound(list + ": cannot open URL list");
    }
    std::istream& in = list == "-" ? std::cin : file;
    std::string line;
    while (std::getline(in, line)) {
      line.erase(0, line.find_first_not_of(" \t"));
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
      if (!line.empty() && line[0] != '#') out.push_back(line);
    }
  }
  return out;
}

std::vector<std::string> Shard(const std::vector<std::string>& inputs, int k, int n) {
  std::vector<std::string> out;
  for (const std::string& input : inputs) {
    // Not the path, so machines that mount the blog at different places
    // still agree.
    std::string hex = Sha256Digest(SlugForInput(input)).substr(7, 15);
    if (std::stoull(hex, nullptr, 16) % static_cast<uint64_t>(n) == static_cast<uint64_t>(k - 1)) out.push_back(input);
  }
  return out;
}

std::map<std::string, std::string> ArchiveNames(const std::vector<std::string>& inputs) {
  std::map<std::string, std::string> names;
  std::set<std::string> taken;
  for (const std::string& input : inputs) {
    if (names.count(input)) continue;
    std::string name = SlugForInput(input);
    if (!taken.insert(name).second) {
      name += "-" + Sha256Digest(input).substr(7, 8);
      taken.insert(name);
    }
    names.emplace(input, name);
  }
  return names;
}

Result<std::pair<int, int>> ParseShard(const std::string& text) {
  int k = 0, n = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> k >> slash >> n) || slash != '/' || !in.eof() || n < 1 || k < 1 || k > n)
    return Status::InvalidInput("--shard " + text + ": expected K/N with 1 <= K <= N");
  return std::make_pair(k, n);
}

std::string SlugForInput(const std::string& input) {
  if (!IsLiveUrl(input)) return SlugFor(input);
  auto parts = SplitUrl(input);
  std::string path = parts ? parts->host + parts->path : input;
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.size() > 5 && (path.ends_with(".html") || path.ends_with(".htm"))) path = path.substr(0, path.rfind('.'));
  return SlugFor(path + ".x");  // SlugFor drops an extension
}

}  // namespace rotproof
