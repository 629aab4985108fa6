#pragma once
// Tampering tools for tests: rewrite a WACZ entry by entry, and a WARC record
// by record, the way bit rot or a forger would.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace rotproof::testing {

// Writes a zip of stored entries (name, data) at `path`.
void WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries);

// Copies the zip at `in` to `out`, passing each entry through `edit`; an
// entry for which `edit` returns false is left out.
void EditZip(const std::string& in, const std::string& out,
             const std::function<bool(const std::string& name, std::string* data)>& edit);

// Rewrites a record-at-a-time .warc.gz: `edit` sees each record's full text
// (header, block, trailer) and its index; returning false drops the record.
std::string EditWarcGz(const std::string& gz, const std::function<bool(size_t index, std::string* record)>& edit);

// Rewrites datapackage.json's hashes and sizes and datapackage-digest.json
// to match the entries, as a forger who recomputes every hash would. The
// old signedData is kept when `keep_signature`; with `sign_key`, the forger
// signs with that key instead.
void Reseal(const std::string& in, const std::string& out, bool keep_signature = false,
            const std::string& sign_key = "");

// Sets the value of WARC header field `name` in a record's text.
void SetField(std::string* record, const std::string& name, const std::string& value);

// Replaces every occurrence of `from` in `text` with `to`.
void ReplaceAll(std::string* text, const std::string& from, const std::string& to);

// Recomputes Content-Length and WARC-Block-Digest of a record's text after
// its block was changed, as a forger would.
void RefreshRecord(std::string* record);

}  // namespace rotproof::testing
