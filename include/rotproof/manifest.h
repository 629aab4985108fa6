#pragma once
// The manifest: what rotproof did with every reference of one article. It is
// stored as a WARC metadata record (schemas/manifest.schema.json) and is what
// the verifier checks the records against.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "rotproof/archive_file.h"
#include "rotproof/article.h"
#include "rotproof/warc_reader.h"

namespace rotproof {

struct CandidateAttempt {
  enum class Outcome { kOk, kFailed, kNotTried };
  std::string url;
  std::string why;  // why it is in the list at this place
  Outcome outcome = Outcome::kNotTried;
  std::string error;  // kFailed: "HTTP 404", a curl error, why the body is unusable

  // As the manifest writes it: "ok", the error, or "not tried".
  std::string OutcomeText() const {
    return outcome == Outcome::kOk ? "ok" : outcome == Outcome::kFailed ? error : "not tried";
  }
};

struct ManifestEntry {
  std::string where;  // "img@src", "fm:headimg", ...
  std::string url;    // as written in the article
  Span span;          // in the original bytes
  std::vector<CandidateAttempt> candidates;
  bool archived = false;
  // Set when archived:
  std::string archived_url;    // the candidate whose bytes were kept
  std::string record_id;       // the response record holding the bytes
  std::string payload_digest;  // of the stored body
  uint64_t bytes = 0;
  std::string content_type;  // as the server declared it
  std::string sniffed_type;  // as the body's first bytes show it
  std::string local_path;    // "assets/<name>", relative to the article
  // Set when not archived: why, one line.
  std::string reason;
  // For assets of a linked stylesheet: its local path (the span is then in
  // the stylesheet's decoded body).
  std::string stylesheet;
};

// Where a reference's bytes came from: the origin itself (or the site's
// own file), the proxy it was written through, a web archive's capture, or
// nowhere (dead).
enum class ReferenceSource { kOrigin, kProxy, kMirror, kDead };

// The source, as a manifest entry shows it: by the reason the candidate
// that served was in the list (the manifest keeps no other mark).
ReferenceSource SourceOf(const ManifestEntry& entry);

struct Manifest {
  std::string slug;
  std::string source_name;
  std::string title;
  std::string captured_at;   // W3C-DTF
  std::string original_uri;  // WARC-Target-URI of the original
  std::string original_record_id;
  std::string original_digest;
  std::string rewritten_uri;
  std::string rewritten_record_id;
  std::string rewritten_digest;
  std::string rewritten_name;  // file name on restore: index.md or index.html
  std::vector<ManifestEntry> references;
  std::vector<ManifestEntry> stylesheet_assets;  // url(...) inside linked stylesheets
  // Other bytes the rewritten copy changes, so local paths resolve: a
  // <base href> becomes "./". `where` names what it was.
  struct OtherRewrite {
    std::string where;
    Span span;
    std::string text;
  };
  std::vector<OtherRewrite> other_rewrites;
};

// Serialises `m` as JSON (2-space indent, keys in a fixed order).
std::string ManifestToJson(const Manifest& m);

// Reads a manifest back (restore, ls), trusting nothing: a field of the
// wrong type, a span that is not [begin, end] of unsigned integers, or a
// candidate without its url is Corruption; absent fields are empty. Never
// throws. (The verifier keeps its own, finding-by-finding reader.)
Result<Manifest> ParseManifest(std::string_view json);

// The block (JSON text) of every manifest record of the archive at `path`,
// in stored order (one per article: a package holds several), read in one
// streaming pass; `on_record`, when set, sees every record's header.
// Errors: as StreamWarcRecords; Corruption when there is no manifest or one
// exceeds warc_format::kMaxHeldRecordBytes. Damage goes to `issues`.
Result<std::vector<std::string>> ReadManifestBlocks(const std::string& path, std::vector<ReadIssue>* issues,
                                                    const std::function<void(const WarcRecordView&)>& on_record = {});

}  // namespace rotproof
