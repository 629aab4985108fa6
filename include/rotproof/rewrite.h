#pragma once
// Rewriting: local paths spliced into the original bytes at reference spans;
// every other byte stays as it was.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/article.h"
#include "rotproof/status.h"

namespace rotproof {

struct Splice {
  Span span;
  std::string text;
};

// `original` with each splice's span replaced by its text. Splices may come
// in any order; overlapping or out-of-range spans are an InvalidInput error.
Result<std::string> ApplySplices(std::string_view original, std::vector<Splice> splices);

// The splices that turn ApplySplices(original, splices) back into
// `original`: each span where its text landed, holding the bytes it
// replaced. REQUIRES: ApplySplices(original, splices) succeeds.
std::vector<Splice> InverseSplices(std::string_view original, std::vector<Splice> splices);

// Gives archived assets file names that are deterministic, safe on every
// file system (names.h's policy), readable and unique: the origin URL's
// basename percent-decoded (letters of any script kept, other characters
// '_'), at most 120 bytes, never hidden, with the extension of the type the
// bytes show (a WeChat ".../640" is a .png), and a short digest added when
// two different payloads would share a name where case or Unicode
// normalization is ignored. The same payload under the same name shares
// one file.
class AssetNamer {
 public:
  // Returns "assets/<name>" for the payload of `url`. `sniffed_type` (what
  // the first bytes show) picks the extension; `content_type` (what the
  // server said) only when the bytes show nothing known.
  std::string PathFor(const std::string& url, const std::string& payload_digest, const std::string& content_type,
                      const std::string& sniffed_type = "");

 private:
  std::map<std::string, std::string> digest_by_key_;  // FileNameKey of a name → its payload
};

}  // namespace rotproof
