#pragma once
// A batch's inputs: files, directories, URL lists and shards, and the
// archive name each gets.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

// Expands `args` (files, directories searched recursively for .md,
// .markdown, .html and .htm, skipping earlier runs' OUTDIRs, and http(s)
// URLs) and the lines of `url_lists`
// (files, "-" for stdin; blank lines and #comments skipped) into inputs, in
// a stable order. In directories, symbolic links to files outside the tree
// are not followed: each is named in `skipped`, with why. Errors: NotFound
// for a missing list file.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& args,
                                              const std::vector<std::string>& url_lists,
                                              std::vector<std::string>* skipped);

// Keeps the inputs of shard `k` of `n` (1 <= k <= n): a partition by a hash
// of each input's name (SlugForInput), the same on every machine, so N
// workers can split one batch with no coordination. Inputs that would share
// an archive name share a shard, where ArchiveNames tells them apart.
std::vector<std::string> Shard(const std::vector<std::string>& inputs, int k, int n);

// Parses "K/N". Errors: InvalidInput.
Result<std::pair<int, int>> ParseShard(const std::string& text);

// Each input's archive name, unique among `inputs`: its SlugForInput, and
// for every input after the first that would share one, that slug, '-' and
// 8 hex digits of the input's SHA-256. Depends only on `inputs` and their
// order, so a resumed batch names every article as the first run did.
std::map<std::string, std::string> ArchiveNames(const std::vector<std::string>& inputs);

// The archive name an input gets on its own: a file's slug (SlugFor), or a
// live page's from the last segment of its URL path.
std::string SlugForInput(const std::string& input);

}  // namespace rotproof
