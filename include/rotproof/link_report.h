#pragma once
// The link-rot report of a batch: OUTDIR/report.json
// (schemas/report.schema.json) and report.html.

#include <cstdio>
#include <string>
#include <vector>

#include "rotproof/journal.h"
#include "rotproof/status.h"

namespace rotproof {

// Writes OUTDIR/report.json and report.html over the journal's last entry
// for each of `inputs`: totals, then per article references archived from
// origin, proxy, mirror, and dead with the reason. One entry is held at a
// time. With `json_copy`, report.json's text goes there too. Returns the
// report's exit code (the highest of its articles').
Result<int> WriteReports(Journal& journal, const std::vector<std::string>& inputs, const std::string& out_dir,
                         std::FILE* json_copy);

// `rotproof report`: the journals of several OUTDIRs (the shards of one
// batch, or runs over the same inputs) merged into `merged_dir`'s journal,
// then its report.json and report.html as for one batch. An input in
// several is taken from the last OUTDIR naming it. Returns the report's
// exit code. Errors: an OUTDIR that is none (no journal), or in use by a
// run; `merged_dir` unwritable.
Result<int> MergeReports(const std::vector<std::string>& out_dirs, const std::string& merged_dir, std::FILE* json_copy);

}  // namespace rotproof
